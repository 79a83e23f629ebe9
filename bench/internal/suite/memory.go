package suite

import (
	"runtime"
	"runtime/metrics"
	"sync"
	"time"
)

// The runtime/metrics samples whose sum is "heap and stack in use": live
// and not-yet-swept heap objects, free space in in-use heap spans, and
// goroutine stacks.
var inUseSamples = []string{
	"/memory/classes/heap/objects:bytes",
	"/memory/classes/heap/unused:bytes",
	"/memory/classes/heap/stacks:bytes",
}

// SampleInterval is how often the peak sampler reads memory in use.
const SampleInterval = 5 * time.Millisecond

// InUse returns the heap and stack memory in use now, without collecting
// garbage first. Reading runtime/metrics does not stop the world.
func InUse() uint64 {
	s := make([]metrics.Sample, len(inUseSamples))
	for i, name := range inUseSamples {
		s[i].Name = name
	}
	return readInUse(s)
}

func readInUse(s []metrics.Sample) uint64 {
	metrics.Read(s)
	var n uint64
	for _, x := range s {
		if x.Value.Kind() == metrics.KindUint64 {
			n += x.Value.Uint64()
		}
	}
	return n
}

// LiveHeapAndStacks collects garbage twice (so that finalizers and the
// sweeper have run) and returns the bytes of live heap objects plus
// goroutine stacks in use: what the idle-memory workload divides by the
// number of actors.
func LiveHeapAndStacks() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc + m.StackInuse
}

// peakSampler tracks the highest memory in use, above the value at its
// start, until stopped.
type peakSampler struct {
	base uint64
	quit chan struct{}
	wg   sync.WaitGroup
	mu   sync.Mutex
	max  uint64
}

func startPeakSampler() *peakSampler {
	p := &peakSampler{quit: make(chan struct{})}
	s := make([]metrics.Sample, len(inUseSamples))
	for i, name := range inUseSamples {
		s[i].Name = name
	}
	p.base = readInUse(s)
	p.max = p.base
	p.wg.Go(func() {
		t := time.NewTicker(SampleInterval)
		defer t.Stop()
		for {
			select {
			case <-p.quit:
				return
			case <-t.C:
				p.observe(readInUse(s))
			}
		}
	})
	return p
}

func (p *peakSampler) observe(v uint64) {
	p.mu.Lock()
	p.max = max(p.max, v)
	p.mu.Unlock()
}

// stop ends sampling, takes a last sample, and returns the peak above the
// start.
func (p *peakSampler) stop() uint64 {
	close(p.quit)
	p.wg.Wait()
	p.observe(InUse())
	return p.max - p.base
}

// IdleMemory returns the idle-memory workload's metrics from three
// LiveHeapAndStacks readings: before spawning n actors, after spawning
// them, and after each has handled one message and gone idle again.
func IdleMemory(before, fresh, used uint64, n int) []Metric {
	per := func(v uint64) float64 { return (float64(v) - float64(before)) / float64(n) }
	return []Metric{
		{Name: "bytes-per-actor", Unit: "B/actor", Value: per(fresh)},
		{Name: "bytes-per-actor-after-msg", Unit: "B/actor", Value: per(used)},
	}
}
