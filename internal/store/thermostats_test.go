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

// insertThermostatDevice stores an ecobee thermostat device on a new
// account of the workspace and returns the device.
func insertThermostatDevice(t *testing.T, st *store.Store, workspaceID string) store.Device {
	t.Helper()
	account := insertAccount(t, st, workspaceID, "ecobee", nil)
	d := store.Device{DeviceID: lintel.NewID(), ConnectedAccountID: account.ConnectedAccountID, ExternalID: lintel.NewID(),
		DeviceType: "ecobee_thermostat", Name: "Hallway", Manufacturer: "ecobee", ManufacturerDisplayName: "ecobee",
		Model: "ecobee3 lite"}
	inTx(t, st, func(tx *store.Tx) error {
		d.CreatedAt = tx.Now()
		return tx.InsertDevice(context.Background(), workspaceID, d)
	})
	return d
}

func fp(v float64) *float64 { return &v }
func sp(v string) *string   { return &v }

func TestThermostats(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := twoWorkspaces(t, st)
		dev, devB := insertThermostatDevice(t, st, a.WorkspaceID), insertThermostatDevice(t, st, b.WorkspaceID)
		want := store.Thermostat{DeviceID: dev.DeviceID, Model: `{"hvac_modes":["heat"]}`, HvacModeSetting: "heat", FanModeSetting: "auto",
			HeatingCelsius: fp(20), TemperatureCelsius: 21.5, RelativeHumidity: fp(0.4), UpperLimitCelsius: fp(28),
			ClimatePresets: `[{"climate_preset_key":"home"}]`}
		inTx(t, st, func(tx *store.Tx) error {
			if err := tx.InsertThermostat(ctx, a.WorkspaceID, want); err != nil {
				return err
			}
			// Different workspace: W_B cannot give W_A's device a
			// thermostat row, nor W_A W_B's.
			wantNotFound(t, "InsertThermostat under W_B on W_A's device", tx.InsertThermostat(ctx, b.WorkspaceID, want))
			stray := want
			stray.DeviceID = devB.DeviceID
			wantNotFound(t, "InsertThermostat under W_A on W_B's device", tx.InsertThermostat(ctx, a.WorkspaceID, stray))
			want.UpdatedAt = tx.Now().Truncate(time.Millisecond)
			return nil
		})
		want.WorkspaceID = a.WorkspaceID
		view(t, st, func(tx *store.Tx) error {
			got, err := tx.Thermostat(ctx, a.WorkspaceID, dev.DeviceID)
			if err != nil {
				return err
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Thermostat =\n%+v, want\n%+v", got, want)
			}
			_, err = tx.Thermostat(ctx, b.WorkspaceID, dev.DeviceID)
			wantNotFound(t, "Thermostat from W_B", err)
			return nil
		})
		changed := want
		changed.HvacModeSetting, changed.CoolingCelsius, changed.ClimatePresetKey = "heat_cool", fp(25), sp("home")
		changed.ThresholdExceeded, changed.FallbackClimatePresetKey, changed.WeeklyProgram = true, sp("home"), sp(`{}`)
		changed.ActiveThermostatScheduleID = sp(lintel.NewID())
		inTx(t, st, func(tx *store.Tx) error {
			wantNotFound(t, "UpdateThermostat from W_B", tx.UpdateThermostat(ctx, b.WorkspaceID, changed))
			got, err := tx.Thermostat(ctx, a.WorkspaceID, dev.DeviceID)
			if err != nil {
				return err
			}
			if got.HvacModeSetting != "heat" {
				t.Errorf("W_A's thermostat after W_B's update: %+v", got)
			}
			if err := tx.UpdateThermostat(ctx, a.WorkspaceID, changed); err != nil {
				return err
			}
			got, err = tx.Thermostat(ctx, a.WorkspaceID, dev.DeviceID)
			changed.UpdatedAt = got.UpdatedAt
			if err != nil || !reflect.DeepEqual(got, changed) {
				t.Errorf("after update: %+v, %v; want %+v", got, err, changed)
			}
			return nil
		})

		// The simulated thermostat behind the sandbox connector.
		inTx(t, st, func(tx *store.Tx) error {
			acc, ext := dev.ConnectedAccountID, dev.ExternalID
			_, err := tx.SandboxThermostat(ctx, a.WorkspaceID, acc, ext)
			wantNotFound(t, "SandboxThermostat before any", err)
			if err := tx.SandboxPutThermostat(ctx, a.WorkspaceID, acc, ext, `{"hvac_mode":"heat"}`); err != nil {
				return err
			}
			wantNotFound(t, "SandboxPutThermostat under W_B", tx.SandboxPutThermostat(ctx, b.WorkspaceID, acc, ext, `{}`))
			_, err = tx.SandboxThermostat(ctx, b.WorkspaceID, acc, ext)
			wantNotFound(t, "SandboxThermostat from W_B", err)
			if err := tx.SandboxPutThermostat(ctx, a.WorkspaceID, acc, ext, `{"hvac_mode":"cool"}`); err != nil {
				return err
			}
			got, err := tx.SandboxThermostat(ctx, a.WorkspaceID, acc, ext)
			if err != nil || got != `{"hvac_mode":"cool"}` {
				t.Errorf("SandboxThermostat = %q, %v", got, err)
			}
			return nil
		})

		// Removing the account removes the thermostat and its simulation.
		inTx(t, st, func(tx *store.Tx) error {
			if _, err := tx.RemoveConnectedAccount(ctx, a.WorkspaceID, dev.ConnectedAccountID); err != nil {
				return err
			}
			_, err := tx.Thermostat(ctx, a.WorkspaceID, dev.DeviceID)
			wantNotFound(t, "thermostat of a removed account", err)
			_, err = tx.SandboxThermostat(ctx, a.WorkspaceID, dev.ConnectedAccountID, dev.ExternalID)
			wantNotFound(t, "simulated thermostat of a removed account", err)
			return nil
		})
	})
}

func TestThermostatSchedules(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := twoWorkspaces(t, st)
		dev, devB := insertThermostatDevice(t, st, a.WorkspaceID), insertThermostatDevice(t, st, b.WorkspaceID)
		start := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
		later := store.ThermostatSchedule{ThermostatScheduleID: lintel.NewID(), DeviceID: dev.DeviceID, Name: sp("Stay"),
			ClimatePresetKey: "home", StartsAt: start.Add(48 * time.Hour), EndsAt: start.Add(72 * time.Hour),
			MaxOverridePeriodMinutes: new(90), IsOverrideAllowed: new(true), Errors: []store.DeviceIssue{},
			StartJobID: new(int64(41)), EndJobID: new(int64(1) << 40)}
		sooner := store.ThermostatSchedule{ThermostatScheduleID: lintel.NewID(), DeviceID: dev.DeviceID,
			ClimatePresetKey: "away", StartsAt: start, EndsAt: start.Add(time.Hour), Errors: []store.DeviceIssue{}}
		inTx(t, st, func(tx *store.Tx) error {
			for _, s := range []*store.ThermostatSchedule{&later, &sooner} {
				s.CreatedAt = tx.Now().Truncate(time.Millisecond)
				if err := tx.InsertThermostatSchedule(ctx, a.WorkspaceID, *s); err != nil {
					return err
				}
				s.WorkspaceID = a.WorkspaceID
			}
			stray := sooner
			stray.ThermostatScheduleID = lintel.NewID()
			wantNotFound(t, "InsertThermostatSchedule under W_B on W_A's device", tx.InsertThermostatSchedule(ctx, b.WorkspaceID, stray))
			stray.DeviceID = devB.DeviceID
			wantNotFound(t, "InsertThermostatSchedule under W_A on W_B's device", tx.InsertThermostatSchedule(ctx, a.WorkspaceID, stray))
			return nil
		})
		view(t, st, func(tx *store.Tx) error {
			got, err := tx.ThermostatSchedule(ctx, a.WorkspaceID, later.ThermostatScheduleID)
			if err != nil || !reflect.DeepEqual(got, later) {
				t.Errorf("ThermostatSchedule =\n%+v, %v; want\n%+v", got, err, later)
			}
			_, err = tx.ThermostatSchedule(ctx, b.WorkspaceID, later.ThermostatScheduleID)
			wantNotFound(t, "ThermostatSchedule from W_B", err)
			list, err := tx.ThermostatSchedulesOfDevice(ctx, a.WorkspaceID, dev.DeviceID)
			ids := idsOf(list, func(s store.ThermostatSchedule) string { return s.ThermostatScheduleID })
			if err != nil || !slices.Equal(ids, []string{sooner.ThermostatScheduleID, later.ThermostatScheduleID}) {
				t.Errorf("ThermostatSchedulesOfDevice = %v, %v", ids, err)
			}
			list, err = tx.ThermostatSchedulesOfDevice(ctx, b.WorkspaceID, dev.DeviceID)
			if err != nil || len(list) != 0 {
				t.Errorf("ThermostatSchedulesOfDevice from W_B = %d, %v; want none", len(list), err)
			}
			return nil
		})
		moved := sooner
		moved.StartsAt, moved.EndsAt, moved.Name = start.Add(time.Hour), start.Add(2*time.Hour), sp("moved")
		moved.Errors = []store.DeviceIssue{{Code: "x", Message: "y", CreatedAt: start}}
		moved.StartJobID, moved.EndJobID = new(int64(7)), new(int64(8))
		inTx(t, st, func(tx *store.Tx) error {
			wantNotFound(t, "UpdateThermostatSchedule from W_B", tx.UpdateThermostatSchedule(ctx, b.WorkspaceID, moved))
			wantNotFound(t, "DeleteThermostatSchedule from W_B", tx.DeleteThermostatSchedule(ctx, b.WorkspaceID, sooner.ThermostatScheduleID))
			got, err := tx.ThermostatSchedule(ctx, a.WorkspaceID, sooner.ThermostatScheduleID)
			if err != nil || !reflect.DeepEqual(got, sooner) {
				t.Errorf("W_A's schedule after W_B's writes: %+v, %v", got, err)
			}
			if err := tx.UpdateThermostatSchedule(ctx, a.WorkspaceID, moved); err != nil {
				return err
			}
			got, err = tx.ThermostatSchedule(ctx, a.WorkspaceID, sooner.ThermostatScheduleID)
			if err != nil || !reflect.DeepEqual(got, moved) {
				t.Errorf("after update: %+v, %v; want %+v", got, err, moved)
			}
			if err := tx.DeleteThermostatSchedule(ctx, a.WorkspaceID, sooner.ThermostatScheduleID); err != nil {
				return err
			}
			wantNotFound(t, "DeleteThermostatSchedule again", tx.DeleteThermostatSchedule(ctx, a.WorkspaceID, sooner.ThermostatScheduleID))
			return nil
		})
	})
}

func TestThermostatDailyPrograms(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := twoWorkspaces(t, st)
		dev, devB := insertThermostatDevice(t, st, a.WorkspaceID), insertThermostatDevice(t, st, b.WorkspaceID)
		weekday := store.ThermostatDailyProgram{ThermostatDailyProgramID: lintel.NewID(), DeviceID: dev.DeviceID,
			Name: sp("Weekday"), Periods: `[{"starts_at_time":"07:00:00","climate_preset_key":"home"}]`}
		weekend := store.ThermostatDailyProgram{ThermostatDailyProgramID: lintel.NewID(), DeviceID: dev.DeviceID,
			Name: sp("Weekend"), Periods: `[]`}
		inTx(t, st, func(tx *store.Tx) error {
			for i, p := range []*store.ThermostatDailyProgram{&weekday, &weekend} {
				p.CreatedAt = tx.Now().Truncate(time.Millisecond).Add(time.Duration(i) * time.Millisecond)
				if err := tx.InsertThermostatDailyProgram(ctx, a.WorkspaceID, *p); err != nil {
					return err
				}
				p.WorkspaceID = a.WorkspaceID
			}
			stray := weekday
			stray.ThermostatDailyProgramID = lintel.NewID()
			wantNotFound(t, "InsertThermostatDailyProgram under W_B on W_A's device", tx.InsertThermostatDailyProgram(ctx, b.WorkspaceID, stray))
			stray.DeviceID = devB.DeviceID
			wantNotFound(t, "InsertThermostatDailyProgram under W_A on W_B's device", tx.InsertThermostatDailyProgram(ctx, a.WorkspaceID, stray))
			return nil
		})
		view(t, st, func(tx *store.Tx) error {
			got, err := tx.ThermostatDailyProgram(ctx, a.WorkspaceID, weekday.ThermostatDailyProgramID)
			if err != nil || !reflect.DeepEqual(got, weekday) {
				t.Errorf("ThermostatDailyProgram =\n%+v, %v; want\n%+v", got, err, weekday)
			}
			_, err = tx.ThermostatDailyProgram(ctx, b.WorkspaceID, weekday.ThermostatDailyProgramID)
			wantNotFound(t, "ThermostatDailyProgram from W_B", err)
			list, err := tx.ThermostatDailyProgramsOfDevice(ctx, a.WorkspaceID, dev.DeviceID)
			ids := idsOf(list, func(p store.ThermostatDailyProgram) string { return p.ThermostatDailyProgramID })
			if err != nil || !slices.Equal(ids, []string{weekday.ThermostatDailyProgramID, weekend.ThermostatDailyProgramID}) {
				t.Errorf("ThermostatDailyProgramsOfDevice = %v, %v", ids, err)
			}
			list, err = tx.ThermostatDailyProgramsOfDevice(ctx, b.WorkspaceID, dev.DeviceID)
			if err != nil || len(list) != 0 {
				t.Errorf("ThermostatDailyProgramsOfDevice from W_B = %d, %v; want none", len(list), err)
			}
			return nil
		})
		changed := weekend
		changed.Name, changed.Periods = sp("Sat/Sun"), `[{"starts_at_time":"09:00:00","climate_preset_key":"home"}]`
		inTx(t, st, func(tx *store.Tx) error {
			wantNotFound(t, "UpdateThermostatDailyProgram from W_B", tx.UpdateThermostatDailyProgram(ctx, b.WorkspaceID, changed))
			wantNotFound(t, "DeleteThermostatDailyProgram from W_B", tx.DeleteThermostatDailyProgram(ctx, b.WorkspaceID, weekend.ThermostatDailyProgramID))
			got, err := tx.ThermostatDailyProgram(ctx, a.WorkspaceID, weekend.ThermostatDailyProgramID)
			if err != nil || !reflect.DeepEqual(got, weekend) {
				t.Errorf("W_A's program after W_B's writes: %+v, %v", got, err)
			}
			if err := tx.UpdateThermostatDailyProgram(ctx, a.WorkspaceID, changed); err != nil {
				return err
			}
			got, err = tx.ThermostatDailyProgram(ctx, a.WorkspaceID, weekend.ThermostatDailyProgramID)
			if err != nil || !reflect.DeepEqual(got, changed) {
				t.Errorf("after update: %+v, %v; want %+v", got, err, changed)
			}
			if err := tx.DeleteThermostatDailyProgram(ctx, a.WorkspaceID, weekend.ThermostatDailyProgramID); err != nil {
				return err
			}
			wantNotFound(t, "DeleteThermostatDailyProgram again", tx.DeleteThermostatDailyProgram(ctx, a.WorkspaceID, weekend.ThermostatDailyProgramID))
			return nil
		})
	})
}
