package main

import (
	"os"
	"slices"
	"syscall"
	"time"
)

// syncLatency is what one durable commit costs this disk at least: a 4 KiB
// write then fdatasync, as SQLite's commit in WAL mode with
// synchronous=FULL does, in microseconds.
type syncLatency struct {
	p50, p99 float64
	n        int
}

// diskSync measures n writes of 4 KiB, each followed by fdatasync, to a
// scratch file in dir (the folder the databases live in).
func diskSync(dir string, n int) (syncLatency, error) {
	f, err := os.CreateTemp(dir, "fsync-*.bin")
	if err != nil {
		return syncLatency{}, err
	}
	defer os.Remove(f.Name())
	defer f.Close()
	page := make([]byte, 4096)
	lat := make([]time.Duration, 0, n)
	for i := range n {
		start := time.Now()
		// An appending log: each commit writes the next page.
		if _, err := f.WriteAt(page, int64(i%256)*4096); err != nil {
			return syncLatency{}, err
		}
		if err := syscall.Fdatasync(int(f.Fd())); err != nil {
			return syncLatency{}, err
		}
		lat = append(lat, time.Since(start))
	}
	slices.Sort(lat)
	us := func(q float64) float64 {
		return float64(lat[min(int(q*float64(len(lat))), len(lat)-1)].Nanoseconds()) / 1e3
	}
	return syncLatency{p50: us(0.50), p99: us(0.99), n: len(lat)}, nil
}
