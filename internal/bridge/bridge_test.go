package bridge

import (
	"testing"
	"time"

	"github.com/lintel-dev/lintel/internal/store"
)

// TestSilentBridgeCarriesAnError checks the no_communication_from_bridge
// rule at chosen instants: a paired bridge is silent SilenceLimit after its
// last report (or its session's start); an unpaired one never is.
func TestSilentBridgeCarriesAnError(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	bridgeID := "0193e5a0-0000-7000-8000-000000000001"
	reported := start.Add(time.Hour)
	for _, c := range []struct {
		name     string
		paired   bool
		reported *time.Time
		now      time.Time
		since    time.Time // zero: no error
	}{
		{name: "unpaired, long silent", now: start.Add(24 * time.Hour)},
		{name: "paired, never reported, within the limit", paired: true, now: start.Add(SilenceLimit)},
		{name: "paired, never reported, past the limit", paired: true, now: start.Add(SilenceLimit + time.Millisecond),
			since: start.Add(SilenceLimit)},
		{name: "paired, reported lately", paired: true, reported: &reported, now: reported.Add(SilenceLimit - time.Second)},
		{name: "paired, silent since its last report", paired: true, reported: &reported, now: reported.Add(2 * SilenceLimit),
			since: reported.Add(SilenceLimit)},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			bs := store.BridgeClientSession{CreatedAt: start, LastStatusReportAt: c.reported}
			if c.paired {
				bs.BridgeID = &bridgeID
			}
			got := present(bs, "seam_bcs1_token", c.now).Errors
			if c.since.IsZero() {
				if len(got) != 0 {
					t.Errorf("errors = %+v, want none", got)
				}
				return
			}
			if len(got) != 1 || got[0].ErrorCode != "no_communication_from_bridge" || !got[0].CreatedAt.Equal(c.since) || got[0].Message == "" {
				t.Errorf("errors = %+v, want no_communication_from_bridge since %s", got, c.since)
			}
		})
	}
}
