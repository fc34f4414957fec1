package accesscode

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/store"
)

// CreateMultiple creates one code shared across devices, under one common
// code key: the given code, or one generated that every device accepts.
// A device that cannot take the shared code refuses the whole request,
// unless behavior_when_code_cannot_be_shared is create_random_code, when
// that device gets a code of its own.
func (s *Service) CreateMultiple(ctx context.Context, p lintel.Principal, in client.AccessCodesCreateMultipleParams) ([]client.AccessCode, error) {
	var out []client.AccessCode
	ids := slices.Compact(slices.Sorted(slices.Values(in.DeviceIDs)))
	random := in.BehaviorWhenCodeCannotBeShared == "create_random_code"
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		devices := make([]store.Device, len(ids))
		for i, id := range ids {
			d, err := device(ctx, tx, p, id)
			if err != nil {
				return err
			}
			devices[i] = d
		}
		now := s.clock()
		var v lintel.InvalidInput
		key := lintel.NewID()
		sp := spec{name: optString(in.Name), code: in.Code, commonCodeKey: &key,
			allowExternal:          firstBool(in.IsExternalModificationAllowed, in.AllowExternalModification),
			preferNativeScheduling: firstBool(in.PreferNativeScheduling), useBackupPool: firstBool(in.UseBackupAccessCodePool)}
		if in.PreferredCodeLength != nil {
			sp.preferredLength = int(*in.PreferredCodeLength)
		}
		sp.starts, sp.ends = window(&v, in.StartsAt, in.EndsAt, now)
		if err := v.Err(); err != nil {
			return err
		}
		if sp.code == "" {
			code, err := s.shared(ctx, tx, devices, sp.preferredLength)
			if err != nil {
				return err
			}
			if code == "" && !random {
				return invalid("device_ids", "No code fits every device; give behavior_when_code_cannot_be_shared create_random_code")
			}
			sp.code = code
		}
		for _, d := range devices {
			c, _, err := s.create(ctx, tx, d, sp, !random)
			if err != nil {
				return err
			}
			pc, err := s.load(ctx, tx, p.WorkspaceID, c.AccessCodeID)
			if err != nil {
				return err
			}
			out = append(out, pc)
		}
		return nil
	})
	return out, err
}

// shared generates a code every device accepts and none holds, or "" if
// tries find none.
func (s *Service) shared(ctx context.Context, tx *store.Tx, devices []store.Device, preferred int) (string, error) {
	codes := make([][]store.AccessCode, len(devices))
	for i, d := range devices {
		var err error
		if codes[i], err = tx.AccessCodesOfDevice(ctx, d.WorkspaceID, d.DeviceID); err != nil {
			return "", err
		}
	}
	// The first device, asked for a length every device takes.
	first := devices[0]
	for _, d := range devices[1:] {
		if len(d.SupportedCodeLengths) == 0 {
			continue
		}
		if len(first.SupportedCodeLengths) == 0 {
			first.SupportedCodeLengths = d.SupportedCodeLengths
			continue
		}
		first.SupportedCodeLengths = slices.DeleteFunc(slices.Clone(first.SupportedCodeLengths),
			func(l int) bool { return !slices.Contains(d.SupportedCodeLengths, l) })
		if len(first.SupportedCodeLengths) == 0 {
			return "", nil
		}
	}
	for range 100 {
		code, err := generate(first, codes[0], preferred)
		if err != nil {
			return "", nil
		}
		fits := true
		for i, d := range devices[1:] {
			var v lintel.InvalidInput
			if checkCode(&v, "code", code, d); !v.Empty() || taken(codes[i+1], code, "") {
				fits = false
				break
			}
		}
		if fits {
			return code, nil
		}
	}
	return "", nil
}

// ReportDeviceConstraints records the code lengths a device accepts: a
// list, or a range from min_code_length to max_code_length.
func (s *Service) ReportDeviceConstraints(ctx context.Context, p lintel.Principal, in client.AccessCodesReportDeviceConstraintsParams) error {
	var v lintel.InvalidInput
	var lengths []int
	switch {
	case in.SupportedCodeLengths != nil && (in.MinCodeLength != nil || in.MaxCodeLength != nil):
		v.Add("supported_code_lengths", "Give supported_code_lengths or min_code_length/max_code_length, not both")
	case in.SupportedCodeLengths != nil:
		var list []int
		if err := json.Unmarshal(in.SupportedCodeLengths, &list); err != nil || len(list) == 0 {
			v.Add("supported_code_lengths", "Expected a non-empty array of integers")
			break
		}
		for i, l := range list {
			if l < 4 || l > 20 {
				v.Add("supported_code_lengths."+strconv.Itoa(i), "Must be between 4 and 20")
			}
		}
		lengths = slices.Compact(slices.Sorted(slices.Values(list)))
	case in.MinCodeLength != nil || in.MaxCodeLength != nil:
		lo, hi := 4, 20
		if in.MinCodeLength != nil {
			lo = *in.MinCodeLength
		}
		if in.MaxCodeLength != nil {
			hi = *in.MaxCodeLength
		}
		if lo > hi {
			v.Add("max_code_length", "Must not be less than min_code_length")
		}
		for l := lo; l <= hi; l++ {
			lengths = append(lengths, l)
		}
	default:
		v.Add("supported_code_lengths", "Required: give supported_code_lengths or min_code_length/max_code_length")
	}
	if err := v.Err(); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		if _, err := device(ctx, tx, p, in.DeviceID); err != nil {
			return err
		}
		return notFound(tx.SetDeviceCodeLengths(ctx, p.WorkspaceID, in.DeviceID, lengths), errDeviceNotFound)
	})
}
