package api

import (
	"context"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
)

func (s *Server) accessCodesCreate(ctx context.Context, p lintel.Principal, in client.AccessCodesCreateParams) (any, error) {
	code, aa, err := s.svc.AccessCodes.Create(ctx, p, in)
	return withKeys(code, "action_attempt", aa), err
}

func (s *Server) accessCodesCreateMultiple(ctx context.Context, p lintel.Principal, in client.AccessCodesCreateMultipleParams) (any, error) {
	return s.svc.AccessCodes.CreateMultiple(ctx, p, in)
}

func (s *Server) accessCodesGet(ctx context.Context, p lintel.Principal, in client.AccessCodesGetParams) (any, error) {
	return s.svc.AccessCodes.Get(ctx, p, in)
}

func (s *Server) accessCodesList(ctx context.Context, p lintel.Principal, in client.AccessCodesListParams) (any, error) {
	codes, pg, err := s.svc.AccessCodes.List(ctx, p, in)
	return listPage(codes, pg), err
}

func (s *Server) accessCodesUpdate(ctx context.Context, p lintel.Principal, in client.AccessCodesUpdateParams) (any, error) {
	return s.svc.AccessCodes.Update(ctx, p, in)
}

func (s *Server) accessCodesUpdateMultiple(ctx context.Context, p lintel.Principal, in client.AccessCodesUpdateMultipleParams) (any, error) {
	return nil, s.svc.AccessCodes.UpdateMultiple(ctx, p, in)
}

func (s *Server) accessCodesDelete(ctx context.Context, p lintel.Principal, in client.AccessCodesDeleteParams) (any, error) {
	return s.svc.AccessCodes.Delete(ctx, p, in)
}

func (s *Server) accessCodesGenerateCode(ctx context.Context, p lintel.Principal, in client.AccessCodesGenerateCodeParams) (any, error) {
	return s.svc.AccessCodes.GenerateCode(ctx, p, in)
}

func (s *Server) accessCodesGetTimeline(ctx context.Context, p lintel.Principal, in client.AccessCodesGetTimelineParams) (any, error) {
	events, pg, err := s.svc.AccessCodes.Timeline(ctx, p, in)
	if events == nil {
		events = []client.AccessCodeTimelineEvent{}
	}
	return withKeys(events, "pagination", pg), err
}

func (s *Server) accessCodesPullBackup(ctx context.Context, p lintel.Principal, in client.AccessCodesPullBackupAccessCodeParams) (any, error) {
	backup, err := s.svc.AccessCodes.PullBackup(ctx, p, in)
	return withKeys(backup, "backup_access_code", backup), err
}

func (s *Server) accessCodesReportDeviceConstraints(ctx context.Context, p lintel.Principal, in client.AccessCodesReportDeviceConstraintsParams) (any, error) {
	return nil, s.svc.AccessCodes.ReportDeviceConstraints(ctx, p, in)
}

func (s *Server) accessCodesSimulateCreateUnmanaged(ctx context.Context, p lintel.Principal, in client.AccessCodesSimulateCreateUnmanagedParams) (any, error) {
	return s.svc.AccessCodes.SimulateCreateUnmanaged(ctx, p, in)
}

func (s *Server) accessCodesUnmanagedGet(ctx context.Context, p lintel.Principal, in client.AccessCodesGetParams) (any, error) {
	return s.svc.AccessCodes.GetUnmanaged(ctx, p, in)
}

func (s *Server) accessCodesUnmanagedList(ctx context.Context, p lintel.Principal, in client.AccessCodesUnmanagedListParams) (any, error) {
	codes, pg, err := s.svc.AccessCodes.ListUnmanaged(ctx, p, in)
	return listPage(codes, pg), err
}

func (s *Server) accessCodesUnmanagedUpdate(ctx context.Context, p lintel.Principal, in client.AccessCodesUnmanagedUpdateParams) (any, error) {
	return nil, s.svc.AccessCodes.UpdateUnmanaged(ctx, p, in)
}

func (s *Server) accessCodesUnmanagedConvert(ctx context.Context, p lintel.Principal, in client.AccessCodesUnmanagedConvertParams) (any, error) {
	return nil, s.svc.AccessCodes.ConvertToManaged(ctx, p, in)
}

func (s *Server) accessCodesUnmanagedDelete(ctx context.Context, p lintel.Principal, in client.AccessCodesUnmanagedDeleteParams) (any, error) {
	return s.svc.AccessCodes.DeleteUnmanaged(ctx, p, in)
}
