package load

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Memory is what the sampler saw of the server's resident memory, in MB.
type Memory struct {
	StartMB float64 `json:"start_mb"`
	// MaxMB is the largest of the sampled VmRSS and the kernel's high-water
	// mark (VmHWM), so a peak between two samples still counts.
	MaxMB float64 `json:"max_mb"`
	EndMB float64 `json:"end_mb"`
}

// rssSampler reads /proc/<pid>/status every interval until stopped.
type rssSampler struct {
	pid  int
	stop chan struct{}
	done chan struct{}
	mu   sync.Mutex
	mem  Memory
}

// startRSS begins sampling the process pid; it returns nil for pid 0.
func startRSS(pid int, every time.Duration) *rssSampler {
	if pid <= 0 {
		return nil
	}
	s := &rssSampler{pid: pid, stop: make(chan struct{}), done: make(chan struct{})}
	rss, _, _ := readStatus(pid)
	s.mem = Memory{StartMB: rss, MaxMB: rss, EndMB: rss}
	go func() {
		defer close(s.done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-s.stop:
				return
			case <-t.C:
				s.sample()
			}
		}
	}()
	return s
}

func (s *rssSampler) sample() {
	rss, hwm, err := readStatus(s.pid)
	if err != nil {
		return
	}
	s.mu.Lock()
	s.mem.EndMB = rss
	s.mem.MaxMB = max(s.mem.MaxMB, rss, hwm)
	s.mu.Unlock()
}

// finish stops sampling and returns what was seen.
func (s *rssSampler) finish() Memory {
	if s == nil {
		return Memory{}
	}
	close(s.stop)
	<-s.done
	s.sample()
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.mem
}

// ReadRSS returns the resident set size of pid in MB.
func ReadRSS(pid int) (float64, error) {
	rss, _, err := readStatus(pid)
	return rss, err
}

// readStatus returns VmRSS and VmHWM of pid in MB.
func readStatus(pid int) (rss, hwm float64, err error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		var dst *float64
		switch {
		case strings.HasPrefix(line, "VmRSS:"):
			dst = &rss
		case strings.HasPrefix(line, "VmHWM:"):
			dst = &hwm
		default:
			continue
		}
		fields := strings.Fields(line)
		if len(fields) >= 2 {
			kb, _ := strconv.ParseFloat(fields[1], 64)
			*dst = kb / 1024
		}
	}
	return rss, hwm, sc.Err()
}

// clockTicks is the kernel's USER_HZ, the unit of /proc/<pid>/stat times;
// 100 on every Linux this runs on.
const clockTicks = 100

// ReadCPU returns the CPU time pid has used so far, user plus system.
func ReadCPU(pid int) (time.Duration, error) {
	if pid <= 0 {
		return 0, nil
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command name (field 2) may hold spaces; fields after its closing
	// parenthesis are plain: utime and stime are the 12th and 13th of them.
	i := strings.LastIndexByte(string(b), ')')
	if i < 0 {
		return 0, fmt.Errorf("/proc/%d/stat: no command name", pid)
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0, fmt.Errorf("/proc/%d/stat: %d fields", pid, len(f))
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("/proc/%d/stat: bad times", pid)
	}
	return time.Duration(utime+stime) * time.Second / clockTicks, nil
}
