package embedded

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Cluster is a set of servers routed to each other, with each route running
// through a proxy that Partition can cut. StartCluster returns it running.
// Its methods are safe for concurrent use.
type Cluster struct {
	// Servers are the members, in index order: Partition takes these
	// indices. Restarting one keeps it in the cluster. The slice must not
	// be modified.
	Servers []*Server

	members []*Server     // Servers, as the proxies see them
	proxies []*routeProxy // proxies[j] fronts members[j]'s route listener
	mu      sync.Mutex    // serializes Partition and Heal
}

// StartCluster starts n servers configured by opts and routes each to all
// the others. It waits until every server has a route to every other, for
// at most 10 seconds. opts.Name, if set, prefixes the servers' names, which
// are Name-0 to Name-(n-1), and opts.Logf gets their lines prefixed with
// their names; opts.ClusterName defaults to "embedded"; a StoreDir gets a
// subdirectory per server, named after it. StartCluster picks the ports
// and routes itself, so opts.Port, opts.ClusterPort and opts.Routes must
// be zero. It returns an error wrapping ErrOptions or ErrNotReady, and
// leaves nothing running, if it cannot start the cluster.
func StartCluster(n int, opts Options) (*Cluster, error) {
	switch {
	case n < 1:
		return nil, fmt.Errorf("%w: cluster of %d servers", ErrOptions, n)
	case opts.Port != 0 || opts.ClusterPort != 0 || len(opts.Routes) > 0:
		return nil, fmt.Errorf("%w: StartCluster picks Port, ClusterPort and Routes itself", ErrOptions)
	}
	if opts.ClusterName == "" {
		opts.ClusterName = "embedded"
	}
	base, err := opts.normalize()
	if err != nil {
		return nil, err
	}
	c := &Cluster{}
	if err := c.setup(n, base); err != nil {
		c.Shutdown()
		return nil, err
	}
	for _, s := range c.members {
		s.mu.Lock()
		err := s.start()
		s.mu.Unlock()
		if err != nil {
			c.Shutdown()
			return nil, err
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), readyTimeout)
	defer cancel()
	if err := c.WaitRoutes(ctx); err != nil {
		c.Shutdown()
		return nil, fmt.Errorf("%w: %w", ErrNotReady, err)
	}
	return c, nil
}

// setup creates the stopped members and the proxies in front of them.
func (c *Cluster) setup(n int, base Options) error {
	for range n {
		p, err := listenProxy(base.Host)
		if err != nil {
			return fmt.Errorf("embedded: route proxy: %w", err)
		}
		c.proxies = append(c.proxies, p)
	}
	for j := range n {
		o := base
		o.Name = fmt.Sprintf("%s-%d", base.Name, j)
		o.Logf = prefixed(base.Logf, o.Name)
		if base.StoreDir != "" {
			o.StoreDir = filepath.Join(base.StoreDir, o.Name)
		}
		o.Routes = nil
		for k, p := range c.proxies {
			if k != j {
				o.Routes = append(o.Routes, "nats://"+p.addr())
			}
		}
		s, err := newServer(o, c.proxies[j].addr())
		if err != nil {
			return err
		}
		c.members = append(c.members, s)
	}
	c.Servers = append([]*Server(nil), c.members...)
	for j, p := range c.proxies {
		p.serve(c.members[j].routeAddr, c.identify)
	}
	return nil
}

// identify returns the index of the member whose latest server ID is id.
func (c *Cluster) identify(id string) (int, bool) {
	for i, s := range c.members {
		if id != "" && s.serverID() == id {
			return i, true
		}
	}
	return -1, false
}

// URLs returns the client URLs of all the servers, comma-separated, as
// nats.Connect accepts them.
func (c *Cluster) URLs() string {
	urls := make([]string, len(c.members))
	for i, s := range c.members {
		urls[i] = s.ClientURL()
	}
	return strings.Join(urls, ",")
}

// WaitRoutes waits until every server has a route to every other, for
// example after Heal or after restarting a member. A stopped member is
// never routed, so WaitRoutes then waits until ctx is done. It returns an
// error wrapping ctx.Err() if ctx is done first.
func (c *Cluster) WaitRoutes(ctx context.Context) error {
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for !c.routed() {
		select {
		case <-ctx.Done():
			return fmt.Errorf("embedded: cluster routes did not form: %w", ctx.Err())
		case <-tick.C:
		}
	}
	return nil
}

// routed reports whether every member has a route to every other.
func (c *Cluster) routed() bool {
	for _, s := range c.members {
		if s.numRoutes() != len(c.members)-1 {
			return false
		}
	}
	return true
}

// Shutdown stops the proxies, then every server, and waits for all their
// goroutines to end. It is idempotent.
func (c *Cluster) Shutdown() {
	for _, p := range c.proxies {
		p.close()
	}
	for _, s := range c.members {
		s.Shutdown()
	}
}
