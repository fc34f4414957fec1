package api

import (
	"context"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
)

func (s *Server) noiseSensorsList(ctx context.Context, p lintel.Principal, in client.NoiseSensorsListParams) (any, error) {
	return s.svc.Devices.ListNoiseSensors(ctx, p, in)
}

func (s *Server) noiseThresholdsCreate(ctx context.Context, p lintel.Principal, in client.NoiseThresholdsCreateParams) (any, error) {
	out, err := s.svc.Noise.Create(ctx, p, in)
	return withAlso(out.NoiseThreshold, "action_attempt", out.ActionAttempt), err
}

func (s *Server) noiseThresholdsGet(ctx context.Context, p lintel.Principal, in client.NoiseThresholdsGetParams) (any, error) {
	return s.svc.Noise.Get(ctx, p, in.NoiseThresholdID)
}

func (s *Server) noiseThresholdsList(ctx context.Context, p lintel.Principal, in client.NoiseThresholdsListParams) (any, error) {
	return s.svc.Noise.List(ctx, p, in)
}

func (s *Server) noiseThresholdsUpdate(ctx context.Context, p lintel.Principal, in client.NoiseThresholdsUpdateParams) (any, error) {
	a, err := s.svc.Noise.Update(ctx, p, in)
	return withAlso(nil, "action_attempt", a), err
}

func (s *Server) noiseThresholdsDelete(ctx context.Context, p lintel.Principal, in client.NoiseThresholdsDeleteParams) (any, error) {
	a, err := s.svc.Noise.Delete(ctx, p, in)
	return withAlso(nil, "action_attempt", a), err
}

func (s *Server) noiseSensorsSimulateTriggerNoiseThreshold(ctx context.Context, p lintel.Principal, in client.NoiseSensorsSimulateTriggerNoiseThresholdParams) (any, error) {
	return nil, s.svc.Noise.TriggerNoiseThreshold(ctx, p, in.DeviceID)
}
