package embedded

// StoreDir returns the JetStream store directory s uses, "" if none.
func StoreDir(s *Server) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.storeDir
}
