package api

import (
	"context"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
)

func (s *Server) thermostatsList(ctx context.Context, p lintel.Principal, in client.ThermostatsListParams) (any, error) {
	return s.svc.Devices.ListThermostats(ctx, p, in)
}

func (s *Server) thermostatsGet(ctx context.Context, p lintel.Principal, in client.ThermostatsGetParams) (any, error) {
	return s.svc.Devices.GetThermostat(ctx, p, in)
}

func (s *Server) thermostatsHeat(ctx context.Context, p lintel.Principal, in client.ThermostatsHeatParams) (any, error) {
	return s.svc.Thermostats.Heat(ctx, p, in)
}

func (s *Server) thermostatsCool(ctx context.Context, p lintel.Principal, in client.ThermostatsCoolParams) (any, error) {
	return s.svc.Thermostats.Cool(ctx, p, in)
}

func (s *Server) thermostatsHeatCool(ctx context.Context, p lintel.Principal, in client.ThermostatsHeatCoolParams) (any, error) {
	return s.svc.Thermostats.HeatCool(ctx, p, in)
}

func (s *Server) thermostatsOff(ctx context.Context, p lintel.Principal, in client.ThermostatsOffParams) (any, error) {
	return s.svc.Thermostats.Off(ctx, p, in)
}

func (s *Server) thermostatsSetHvacMode(ctx context.Context, p lintel.Principal, in client.ThermostatsSetHvacModeParams) (any, error) {
	return s.svc.Thermostats.SetHvacMode(ctx, p, in)
}

func (s *Server) thermostatsSetFanMode(ctx context.Context, p lintel.Principal, in client.ThermostatsSetFanModeParams) (any, error) {
	return s.svc.Thermostats.SetFanMode(ctx, p, in)
}

func (s *Server) thermostatsSetTemperatureThreshold(ctx context.Context, p lintel.Principal, in client.ThermostatsSetTemperatureThresholdParams) (any, error) {
	return nil, s.svc.Thermostats.SetTemperatureThreshold(ctx, p, in)
}

func (s *Server) thermostatsCreateClimatePreset(ctx context.Context, p lintel.Principal, in client.ThermostatsClimatePresetParams) (any, error) {
	return nil, s.svc.Thermostats.CreateClimatePreset(ctx, p, in)
}

func (s *Server) thermostatsUpdateClimatePreset(ctx context.Context, p lintel.Principal, in client.ThermostatsClimatePresetParams) (any, error) {
	return nil, s.svc.Thermostats.UpdateClimatePreset(ctx, p, in)
}

func (s *Server) thermostatsDeleteClimatePreset(ctx context.Context, p lintel.Principal, in client.ThermostatsClimatePresetKeyParams) (any, error) {
	return nil, s.svc.Thermostats.DeleteClimatePreset(ctx, p, in)
}

func (s *Server) thermostatsActivateClimatePreset(ctx context.Context, p lintel.Principal, in client.ThermostatsClimatePresetKeyParams) (any, error) {
	return s.svc.Thermostats.ActivateClimatePreset(ctx, p, in)
}

func (s *Server) thermostatsSetFallbackClimatePreset(ctx context.Context, p lintel.Principal, in client.ThermostatsClimatePresetKeyParams) (any, error) {
	return nil, s.svc.Thermostats.SetFallbackClimatePreset(ctx, p, in)
}

func (s *Server) thermostatSchedulesCreate(ctx context.Context, p lintel.Principal, in client.ThermostatSchedulesCreateParams) (any, error) {
	return s.svc.Thermostats.CreateSchedule(ctx, p, in)
}

func (s *Server) thermostatSchedulesGet(ctx context.Context, p lintel.Principal, in client.ThermostatScheduleIDParams) (any, error) {
	return s.svc.Thermostats.GetSchedule(ctx, p, in.ThermostatScheduleID)
}

func (s *Server) thermostatSchedulesList(ctx context.Context, p lintel.Principal, in client.ThermostatSchedulesListParams) (any, error) {
	return s.svc.Thermostats.ListSchedules(ctx, p, in)
}

func (s *Server) thermostatSchedulesUpdate(ctx context.Context, p lintel.Principal, in client.ThermostatSchedulesUpdateParams) (any, error) {
	return nil, s.svc.Thermostats.UpdateSchedule(ctx, p, in)
}

func (s *Server) thermostatSchedulesDelete(ctx context.Context, p lintel.Principal, in client.ThermostatScheduleIDParams) (any, error) {
	return nil, s.svc.Thermostats.DeleteSchedule(ctx, p, in.ThermostatScheduleID)
}

func (s *Server) thermostatDailyProgramsCreate(ctx context.Context, p lintel.Principal, in client.ThermostatDailyProgramsCreateParams) (any, error) {
	return s.svc.Thermostats.CreateDailyProgram(ctx, p, in)
}

func (s *Server) thermostatDailyProgramsUpdate(ctx context.Context, p lintel.Principal, in client.ThermostatDailyProgramsUpdateParams) (any, error) {
	return s.svc.Thermostats.UpdateDailyProgram(ctx, p, in)
}

func (s *Server) thermostatDailyProgramsDelete(ctx context.Context, p lintel.Principal, in client.ThermostatDailyProgramIDParams) (any, error) {
	return nil, s.svc.Thermostats.DeleteDailyProgram(ctx, p, in.ThermostatDailyProgramID)
}

func (s *Server) thermostatsUpdateWeeklyProgram(ctx context.Context, p lintel.Principal, in client.ThermostatsUpdateWeeklyProgramParams) (any, error) {
	return s.svc.Thermostats.UpdateWeeklyProgram(ctx, p, in)
}

func (s *Server) thermostatsSimulateHvacModeAdjusted(ctx context.Context, p lintel.Principal, in client.ThermostatsSimulateHvacModeAdjustedParams) (any, error) {
	return nil, s.svc.Thermostats.SimulateHvacModeAdjusted(ctx, p, in)
}

func (s *Server) thermostatsSimulateTemperatureReached(ctx context.Context, p lintel.Principal, in client.ThermostatsSimulateTemperatureReachedParams) (any, error) {
	return nil, s.svc.Thermostats.SimulateTemperatureReached(ctx, p, in)
}
