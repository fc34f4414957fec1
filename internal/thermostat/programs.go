package thermostat

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/store"
)

// A daily program is a list of periods, each a time of day and the climate
// preset the thermostat takes then; the weekly program names a daily
// program for each day. Both go to the thermostat, which runs them itself:
// updating a daily program or the weekly program answers a
// PUSH_THERMOSTAT_PROGRAMS action attempt.

// timeOfDay is the form of a period's starts_at_time.
var timeOfDay = regexp.MustCompile(`^([01]\d|2[0-3]):([0-5]\d):([0-5]\d)$`)

// readPeriods reads the periods of a stored daily program.
func readPeriods(doc string) ([]client.ThermostatDailyProgramPeriod, error) {
	var out []client.ThermostatDailyProgramPeriod
	return out, json.Unmarshal([]byte(doc), &out)
}

// checkPeriods reads and checks the periods of a request: each a time of
// day and a preset of the thermostat that daily programs may use, in
// increasing time order, no more than the thermostat takes in a day, on
// its precision.
func checkPeriods(raw json.RawMessage, st state) ([]connector.ProviderProgramPeriod, error) {
	var v lintel.InvalidInput
	var periods []map[string]any
	if err := json.Unmarshal(raw, &periods); err != nil {
		return nil, invalid("periods", "Expected an array of {starts_at_time, climate_preset_key}")
	}
	if max := st.model.MaxPeriodsPerDay; max > 0 && len(periods) > max {
		v.Add("periods", fmt.Sprintf("The thermostat takes at most %d periods a day", max))
	}
	out := make([]connector.ProviderProgramPeriod, 0, len(periods))
	last := -1
	for i, p := range periods {
		at, _ := p["starts_at_time"].(string)
		key, _ := p["climate_preset_key"].(string)
		field := "periods." + strconv.Itoa(i)
		if p == nil {
			v.Add(field, "Expected an object")
			continue
		}
		if !timeOfDay.MatchString(at) {
			v.Add(field+".starts_at_time", "Expected a time of day, HH:MM:SS")
		} else {
			secs := mustAtoi(at[0:2])*3600 + mustAtoi(at[3:5])*60 + mustAtoi(at[6:8])
			if secs <= last {
				v.Add(field+".starts_at_time", "Periods must be in increasing time order")
			}
			if prec := st.model.PeriodPrecisionMinutes; prec > 0 && (secs%(prec*60) != 0) {
				v.Add(field+".starts_at_time", fmt.Sprintf("Must be on a multiple of %d minutes", prec))
			}
			last = secs
		}
		if _, _, ok := st.preset(key); !ok {
			v.Add(field+".climate_preset_key", "The thermostat has no climate preset with this key")
		}
		out = append(out, connector.ProviderProgramPeriod{StartsAtTime: at, ClimatePresetKey: key})
	}
	return out, v.Err()
}

// periodsDoc is the stored form of a daily program's periods.
func periodsDoc(periods []connector.ProviderProgramPeriod) (string, error) {
	out := make([]client.ThermostatDailyProgramPeriod, len(periods))
	for i, p := range periods {
		out[i] = client.ThermostatDailyProgramPeriod{StartsAtTime: p.StartsAtTime, ClimatePresetKey: p.ClimatePresetKey}
	}
	doc, err := json.Marshal(out)
	return string(doc), err
}

func mustAtoi(s string) int {
	n, _ := strconv.Atoi(s) // the pattern matched: two digits
	return n
}

// programmable refuses a thermostat that runs no programs.
func programmable(st state) error {
	if !st.model.RunsPrograms() {
		return invalid("device_id", "The thermostat runs no programs")
	}
	return nil
}

// CreateDailyProgram adds a daily program to a thermostat.
func (s *Service) CreateDailyProgram(ctx context.Context, p lintel.Principal, in client.ThermostatDailyProgramsCreateParams) (client.ThermostatDailyProgram, error) {
	var out client.ThermostatDailyProgram
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		d, st, err := s.thermostat(ctx, tx, p, in.DeviceID)
		if err != nil {
			return err
		}
		if err := programmable(st); err != nil {
			return err
		}
		checked, err := checkPeriods(in.Periods, st)
		if err != nil {
			return err
		}
		periods, err := periodsDoc(checked)
		if err != nil {
			return err
		}
		name := in.Name
		row := store.ThermostatDailyProgram{ThermostatDailyProgramID: lintel.NewID(), WorkspaceID: p.WorkspaceID,
			DeviceID: d.DeviceID, Name: &name, Periods: periods, CreatedAt: tx.Now()}
		if err := tx.InsertThermostatDailyProgram(ctx, p.WorkspaceID, row); err != nil {
			return err
		}
		out, err = presentProgram(row)
		return err
	})
	return out, err
}

// program loads a daily program of a thermostat the caller may see.
func (s *Service) program(ctx context.Context, tx *store.Tx, p lintel.Principal, id string) (store.ThermostatDailyProgram, store.Device, state, error) {
	row, err := tx.ThermostatDailyProgram(ctx, p.WorkspaceID, id)
	if err != nil {
		return row, store.Device{}, state{}, notFound(err, errProgramNotFound)
	}
	d, st, err := s.thermostat(ctx, tx, p, row.DeviceID)
	return row, d, st, hidden(err, errProgramNotFound)
}

// UpdateDailyProgram pushes a daily program's new name and periods to its
// thermostat; the program takes them once the thermostat has them
// (programsTaken), and keeps its old ones if the push fails.
func (s *Service) UpdateDailyProgram(ctx context.Context, p lintel.Principal, in client.ThermostatDailyProgramsUpdateParams) (client.ActionAttempt, error) {
	var deviceID string
	err := s.store.View(ctx, func(tx *store.Tx) error {
		_, d, _, err := s.program(ctx, tx, p, in.ThermostatDailyProgramID)
		deviceID = d.DeviceID
		return err
	})
	if err != nil {
		return client.ActionAttempt{}, err
	}
	return s.act(ctx, p, deviceID, ActionPushThermostatPrograms, func(tx *store.Tx, d store.Device, st state) (connector.Mutation, error) {
		row, _, _, err := s.program(ctx, tx, p, in.ThermostatDailyProgramID)
		if err != nil {
			return connector.Mutation{}, err
		}
		periods, err := checkPeriods(in.Periods, st)
		if err != nil {
			return connector.Mutation{}, err
		}
		return connector.Mutation{Kind: connector.PushThermostatPrograms, Programs: &connector.ProviderPrograms{
			DailyProgram: &connector.ProviderDailyProgram{ID: row.ThermostatDailyProgramID, Name: in.Name, Periods: periods}}}, nil
	})
}

// DeleteDailyProgram deletes a daily program; the days of the weekly
// program that ran it run none.
func (s *Service) DeleteDailyProgram(ctx context.Context, p lintel.Principal, id string) error {
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		row, _, st, err := s.program(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if err := tx.DeleteThermostatDailyProgram(ctx, p.WorkspaceID, row.ThermostatDailyProgramID); err != nil {
			return err
		}
		if st.weekly == nil || !slices.Contains(st.weekly.Days[:], id) {
			return nil
		}
		for i, day := range st.weekly.Days {
			if day == id {
				st.weekly.Days[i] = ""
			}
		}
		return st.save(ctx, tx)
	})
}

// weekdays are the weekly program's parameters, Monday first.
var weekdays = []string{"monday_program_id", "tuesday_program_id", "wednesday_program_id", "thursday_program_id",
	"friday_program_id", "saturday_program_id", "sunday_program_id"}

// UpdateWeeklyProgram pushes to a thermostat the daily program of each day
// of the week (absent or null: none); its weekly program becomes that week
// once the thermostat has it (programsTaken). Each
// must be a daily program of the thermostat, and the week must have a
// shape the thermostat takes (the same day every day, or weekdays and
// weekends, unless each day may differ).
func (s *Service) UpdateWeeklyProgram(ctx context.Context, p lintel.Principal, in client.ThermostatsUpdateWeeklyProgramParams) (client.ActionAttempt, error) {
	given := []client.Nullable[string]{in.MondayProgramID, in.TuesdayProgramID, in.WednesdayProgramID, in.ThursdayProgramID,
		in.FridayProgramID, in.SaturdayProgramID, in.SundayProgramID}
	return s.act(ctx, p, in.DeviceID, ActionPushThermostatPrograms, func(tx *store.Tx, d store.Device, st state) (connector.Mutation, error) {
		if err := programmable(st); err != nil {
			return connector.Mutation{}, err
		}
		var w weeklyProgram
		for i, g := range given {
			if !g.Set || g.Null {
				continue
			}
			// A program of another thermostat is refused by name; one of
			// no thermostat of the workspace is not found.
			row, err := tx.ThermostatDailyProgram(ctx, p.WorkspaceID, g.Value)
			if err != nil {
				return connector.Mutation{}, notFound(err, errProgramNotFound)
			}
			if row.DeviceID != d.DeviceID {
				return connector.Mutation{}, invalid(weekdays[i], "The daily program is another thermostat's")
			}
			w.Days[i] = row.ThermostatDailyProgramID
		}
		if err := checkWeek(w, st.model); err != nil {
			return connector.Mutation{}, err
		}
		return connector.Mutation{Kind: connector.PushThermostatPrograms,
			Programs: &connector.ProviderPrograms{WeeklyProgram: &w.Days}}, nil
	})
}

// programsTaken makes lintel's programs of a thermostat what the
// thermostat took (Finish of a PushThermostatPrograms). A daily program
// deleted since the push stays deleted, and a day that named it runs none.
func (s *Service) programsTaken(ctx context.Context, tx *store.Tx, m connector.Mutation) error {
	if dp := m.Programs.DailyProgram; dp != nil {
		row, err := tx.ThermostatDailyProgram(ctx, m.WorkspaceID, dp.ID)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		if row.Periods, err = periodsDoc(dp.Periods); err != nil {
			return err
		}
		name := dp.Name
		row.Name = &name
		if err := tx.UpdateThermostatDailyProgram(ctx, m.WorkspaceID, row); err != nil {
			return err
		}
	}
	if days := m.Programs.WeeklyProgram; days != nil {
		st, err := load(ctx, tx, m.WorkspaceID, m.DeviceID)
		if err != nil {
			return err
		}
		w := weeklyProgram{Days: *days, CreatedAt: m.RequestedAt}
		for i, id := range w.Days {
			if id == "" {
				continue
			}
			row, err := tx.ThermostatDailyProgram(ctx, m.WorkspaceID, id)
			if errors.Is(err, store.ErrNotFound) || err == nil && row.DeviceID != m.DeviceID {
				w.Days[i] = ""
			} else if err != nil {
				return err
			}
		}
		st.weekly = &w
		if err := st.save(ctx, tx); err != nil {
			return err
		}
	}
	return nil
}

// checkWeek refuses a week the thermostat cannot run.
func checkWeek(w weeklyProgram, m Model) error {
	if m.ProgramsDifferentEachDay {
		return nil
	}
	same := func(days []string) bool { return len(slices.Compact(slices.Clone(days))) <= 1 }
	if m.ProgramsWeekdayWeekend && same(w.Days[:5]) && same(w.Days[5:]) {
		return nil
	}
	if m.ProgramsSameEachDay && same(w.Days[:]) {
		return nil
	}
	return invalid("device_id", "The thermostat cannot run a different program on these days")
}
