package reactor_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/actorio/actorio/io/reactor"
)

// tlsConfigs returns a server configuration with a fresh self-signed
// ECDSA certificate for 127.0.0.1, and a client configuration trusting it.
func tlsConfigs(t *testing.T) (server, client *tls.Config) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "reactor test"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	cert, err := x509.ParseCertificate(der)
	require.NoError(t, err)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	server = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key, Leaf: cert}}}
	client = &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"}
	return server, client
}

// TestTLS serves TLS and echoes a few KB to a crypto/tls client and to a
// reactor.Dial client with WithTLS.
func TestTLS(t *testing.T) {
	forEachEngine(t, func(t *testing.T, ec engineCase) {
		e := newEnv(t, ec)
		serverCfg, clientCfg := tlsConfigs(t)
		ln, err := reactor.Listen(e.sys, e.r, "tcp", "127.0.0.1:0", e.handler(echoIO), reactor.WithTLS(serverCfg))
		require.NoError(t, err)
		msg := string(pattern(7, 8<<10))

		t.Run("crypto/tls client", func(t *testing.T) {
			c, err := tls.Dial("tcp", ln.Addr().String(), clientCfg)
			require.NoError(t, err)
			defer c.Close()
			require.NoError(t, c.SetDeadline(time.Now().Add(waitFor)))
			echoOnce(t, c, msg)
		})
		t.Run("reactor client", func(t *testing.T) {
			got := make(chan string, 64)
			ref, err := reactor.Dial(context.Background(), e.sys, e.r, "tcp", ln.Addr().String(), newRelay(e.tr, got), reactor.WithTLS(clientCfg))
			require.NoError(t, err)
			exchange(t, ref, got, msg)
			ref.Stop()
		})
	})
}
