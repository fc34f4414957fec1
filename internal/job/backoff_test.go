package job_test

import (
	"testing"
	"time"

	"github.com/lintel-dev/lintel/internal/job"
)

func TestBackoff(t *testing.T) {
	t.Parallel()
	b := job.Backoff{Base: time.Second, Max: 10 * time.Second, Attempts: 5}
	for attempt, want := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 3: 4 * time.Second, 4: 8 * time.Second, 5: 10 * time.Second, 40: 10 * time.Second} {
		if got := b.Delay(attempt); got != want {
			t.Errorf("Delay(%d) = %v, want %v", attempt, got, want)
		}
	}
	b.Jitter = 0.2
	for range 1000 {
		if d := b.Delay(3); d < 3200*time.Millisecond || d > 4800*time.Millisecond {
			t.Fatalf("Delay(3) with 20%% jitter = %v, outside 3.2 s–4.8 s", d)
		}
	}
	// The default budget lasts hours, so that an outage of an hour is ridden out.
	var total time.Duration
	for a := 1; a < job.DefaultMutationBackoff.Attempts; a++ {
		total += job.Backoff{Base: job.DefaultMutationBackoff.Base, Max: job.DefaultMutationBackoff.Max}.Delay(a)
	}
	if total < 4*time.Hour {
		t.Errorf("the default budget spans %v, want hours", total)
	}
}

func TestWebhookSchedule(t *testing.T) {
	t.Parallel()
	s := job.DefaultWebhookSchedule
	s.Jitter = 0
	want := []time.Duration{5 * time.Second, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour, 5 * time.Hour, 10 * time.Hour, 10 * time.Hour}
	if len(s.Delays) != 8 || s.Delays[0] != 0 {
		t.Fatalf("schedule %v: want 8 attempts, the first at once", s.Delays)
	}
	for i, w := range want {
		if got := s.Delay(i + 1); got != w {
			t.Errorf("delay after attempt %d = %v, want %v", i+1, got, w)
		}
	}
	if got := s.Scaled(1e-4).Delays[7]; got != 3600*time.Millisecond {
		t.Errorf("10 h scaled by 1/10,000 = %v, want 3.6 s", got)
	}
}
