package store_test

import (
	"context"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// insertSensor stores a Minut noise sensor on a new account of the
// workspace and returns its id.
func insertSensor(t *testing.T, st *store.Store, workspaceID string) string {
	t.Helper()
	account := insertAccount(t, st, workspaceID, "minut", nil)
	d := store.Device{DeviceID: lintel.NewID(), ConnectedAccountID: account.ConnectedAccountID, ExternalID: lintel.NewID(),
		DeviceType: "minut_sensor", Name: "Living Room", Manufacturer: "minut", ManufacturerDisplayName: "Minut",
		Model: "Minut Point"}
	inTx(t, st, func(tx *store.Tx) error {
		d.CreatedAt = tx.Now()
		return tx.InsertDevice(context.Background(), workspaceID, d)
	})
	return d.DeviceID
}

func thresholdIDs(list []store.NoiseThreshold) []string {
	return idsOf(list, func(n store.NoiseThreshold) string { return n.NoiseThresholdID })
}

func TestNoiseThresholds(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := twoWorkspaces(t, st)
		sensor, other := insertSensor(t, st, a.WorkspaceID), insertSensor(t, st, a.WorkspaceID)
		sensorB := insertSensor(t, st, b.WorkspaceID)
		nrs := 45.5
		quiet := store.NoiseThreshold{NoiseThresholdID: lintel.NewID(), DeviceID: sensor, Name: "builtin_quiet_hours",
			StartsDailyAt: "22:00:00[America/Los_Angeles]", EndsDailyAt: "07:00:00[America/Los_Angeles]",
			NoiseThresholdDecibels: 60, NoiseThresholdNRS: &nrs}
		normal := store.NoiseThreshold{NoiseThresholdID: lintel.NewID(), DeviceID: sensor, Name: "builtin_normal_hours",
			StartsDailyAt: "07:00", EndsDailyAt: "22:00", NoiseThresholdDecibels: 70}
		elsewhere := store.NoiseThreshold{NoiseThresholdID: lintel.NewID(), DeviceID: other, Name: "x",
			StartsDailyAt: "00:00", EndsDailyAt: "00:00", NoiseThresholdDecibels: 80}
		inTx(t, st, func(tx *store.Tx) error {
			for i, n := range []*store.NoiseThreshold{&quiet, &normal, &elsewhere} {
				n.CreatedAt = tx.Now().Add(time.Duration(i) * time.Millisecond)
				if err := tx.InsertNoiseThreshold(ctx, a.WorkspaceID, *n); err != nil {
					return err
				}
			}
			// Different workspace: W_B cannot put a threshold on W_A's
			// sensor, nor W_A on W_B's.
			stray := normal
			stray.NoiseThresholdID = lintel.NewID()
			wantNotFound(t, "InsertNoiseThreshold under W_B on W_A's sensor", tx.InsertNoiseThreshold(ctx, b.WorkspaceID, stray))
			stray.DeviceID = sensorB
			wantNotFound(t, "InsertNoiseThreshold under W_A on W_B's sensor", tx.InsertNoiseThreshold(ctx, a.WorkspaceID, stray))
			return nil
		})
		view(t, st, func(tx *store.Tx) error {
			for _, want := range []store.NoiseThreshold{quiet, normal} {
				got, err := tx.NoiseThreshold(ctx, a.WorkspaceID, want.NoiseThresholdID)
				if err != nil {
					return err
				}
				want.WorkspaceID = a.WorkspaceID
				if !reflect.DeepEqual(got, want) {
					t.Errorf("NoiseThreshold =\n%+v, want\n%+v", got, want)
				}
				_, err = tx.NoiseThreshold(ctx, b.WorkspaceID, want.NoiseThresholdID)
				wantNotFound(t, "NoiseThreshold from W_B", err)
			}
			got, err := tx.NoiseThresholdsOfDevice(ctx, a.WorkspaceID, sensor)
			if err != nil {
				return err
			}
			if ids := thresholdIDs(got); !slices.Equal(ids, []string{quiet.NoiseThresholdID, normal.NoiseThresholdID}) {
				t.Errorf("NoiseThresholdsOfDevice = %v", ids)
			}
			got, err = tx.NoiseThresholdsOfDevice(ctx, b.WorkspaceID, sensor)
			if err != nil || len(got) != 0 {
				t.Errorf("NoiseThresholdsOfDevice from W_B = %v, %v; want none", thresholdIDs(got), err)
			}
			return nil
		})

		changed := normal
		changed.Name, changed.StartsDailyAt, changed.EndsDailyAt, changed.NoiseThresholdDecibels = "day", "08:00", "21:00", 75
		changed.NoiseThresholdNRS = &nrs
		inTx(t, st, func(tx *store.Tx) error {
			// Different workspace: W_B's update and delete of W_A's
			// threshold change nothing.
			wantNotFound(t, "UpdateNoiseThreshold from W_B", tx.UpdateNoiseThreshold(ctx, b.WorkspaceID, changed))
			wantNotFound(t, "DeleteNoiseThreshold from W_B", tx.DeleteNoiseThreshold(ctx, b.WorkspaceID, normal.NoiseThresholdID))
			got, err := tx.NoiseThreshold(ctx, a.WorkspaceID, normal.NoiseThresholdID)
			if err != nil {
				return err
			}
			if got.Name != normal.Name || got.NoiseThresholdDecibels != 70 {
				t.Errorf("W_A's threshold after W_B's writes: %+v", got)
			}
			if err := tx.UpdateNoiseThreshold(ctx, a.WorkspaceID, changed); err != nil {
				return err
			}
			got, err = tx.NoiseThreshold(ctx, a.WorkspaceID, normal.NoiseThresholdID)
			changed.WorkspaceID = a.WorkspaceID
			if err != nil || !reflect.DeepEqual(got, changed) {
				t.Errorf("after update: %+v, %v; want %+v", got, err, changed)
			}
			if err := tx.DeleteNoiseThreshold(ctx, a.WorkspaceID, normal.NoiseThresholdID); err != nil {
				return err
			}
			wantNotFound(t, "DeleteNoiseThreshold again", tx.DeleteNoiseThreshold(ctx, a.WorkspaceID, normal.NoiseThresholdID))
			_, err = tx.NoiseThreshold(ctx, a.WorkspaceID, normal.NoiseThresholdID)
			wantNotFound(t, "deleted threshold", err)
			return nil
		})

		// Removing the sensor's account removes its thresholds.
		inTx(t, st, func(tx *store.Tx) error {
			d, err := tx.Device(ctx, a.WorkspaceID, sensor)
			if err != nil {
				return err
			}
			if _, err := tx.RemoveConnectedAccount(ctx, a.WorkspaceID, d.ConnectedAccountID); err != nil {
				return err
			}
			_, err = tx.NoiseThreshold(ctx, a.WorkspaceID, quiet.NoiseThresholdID)
			wantNotFound(t, "threshold of a removed sensor", err)
			return nil
		})
	})
}
