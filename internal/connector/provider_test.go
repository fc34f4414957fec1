package connector_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/lintel-dev/lintel/internal/connector"
)

// queuedMutation is the arguments of a connector_mutation job as earlier
// versions queued them (the provider's model then lived in the store): a
// job queued before an upgrade must decode to the same mutation after it.
const queuedMutation = `{"kind":"issue_credential","workspace_id":"w","acs_system_id":"s","object_id":"c",` +
	`"requested_at":1700000000000,"user":{"ExternalID":"u1","FullName":"Jane","EmailAddress":null,` +
	`"PhoneNumber":"+15555550100","IsSuspended":true},"credential":{"ExternalID":"c1","UserExternalID":"u1",` +
	`"AccessMethod":"code","Code":"1234","CardNumber":null},"request_id":"r"}`

func TestMutationJSON(t *testing.T) {
	t.Parallel()
	name, phone, user, code := "Jane", "+15555550100", "u1", "1234"
	want := connector.Mutation{Kind: connector.IssueCredential, WorkspaceID: "w", AcsSystemID: "s", ObjectID: "c",
		RequestedAt: 1700000000000, RequestID: "r",
		User:       &connector.ProviderUser{ExternalID: "u1", FullName: &name, PhoneNumber: &phone, IsSuspended: true},
		Credential: &connector.ProviderCredential{ExternalID: "c1", UserExternalID: &user, AccessMethod: "code", Code: &code}}
	var got connector.Mutation
	if err := json.Unmarshal([]byte(queuedMutation), &got); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("queued job decodes to %+v, %v; want %+v", got, err, want)
	}
	b, err := json.Marshal(want)
	if err != nil || string(b) != queuedMutation {
		t.Errorf("mutation encodes to %s, %v;\nwant %s", b, err, queuedMutation)
	}
}

// queuedDeviceMutation is the arguments of a connector_mutation job that
// programs an access code on a lock: the format device mutations keep.
const queuedDeviceMutation = `{"kind":"set_access_code","workspace_id":"w","acs_system_id":"","object_id":"ac",` +
	`"requested_at":1700000000000,"request_id":"r","device_id":"d","device_external_id":"front",` +
	`"access_code":{"ExternalID":"x1","Code":"4821","Name":"Guest","StartsAt":"2023-11-14T22:13:20Z",` +
	`"EndsAt":null}}`

func TestDeviceMutationJSON(t *testing.T) {
	t.Parallel()
	name, starts := "Guest", time.UnixMilli(1700000000000).UTC()
	want := connector.Mutation{Kind: connector.SetAccessCode, WorkspaceID: "w", ObjectID: "ac", RequestedAt: 1700000000000,
		RequestID: "r", DeviceID: "d", DeviceExternalID: "front",
		AccessCode: &connector.ProviderAccessCode{ExternalID: "x1", Code: "4821", Name: &name, StartsAt: &starts}}
	var got connector.Mutation
	if err := json.Unmarshal([]byte(queuedDeviceMutation), &got); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("queued job decodes to %+v, %v; want %+v", got, err, want)
	}
	b, err := json.Marshal(want)
	if err != nil || string(b) != queuedDeviceMutation {
		t.Errorf("mutation encodes to %s, %v;\nwant %s", b, err, queuedDeviceMutation)
	}
	if s := want.Subject(); s != "device/d/access_code/x1" {
		t.Errorf("Subject = %q", s)
	}
	lock := connector.Mutation{Kind: connector.LockDoor, DeviceID: "d"}
	if s := lock.Subject(); s != "device/d/lock" {
		t.Errorf("Subject of a lock = %q", s)
	}
}

func TestProviderCredentialLogsNoCode(t *testing.T) {
	t.Parallel()
	code, user := "918273", "u1"
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, nil))
	log.Info("m", "credential", connector.ProviderCredential{ExternalID: "c1", UserExternalID: &user,
		AccessMethod: "code", Code: &code})
	if out := buf.String(); strings.Contains(out, code) || !strings.Contains(out, `"has_code":true`) {
		t.Errorf("log line %s: the code is shown, or its presence is not", out)
	}
}

// queuedProgramsMutation is the arguments of a connector_mutation job that
// pushes a thermostat's programs: the format they keep.
const queuedProgramsMutation = `{"kind":"push_thermostat_programs","workspace_id":"w","acs_system_id":"","object_id":"aa",` +
	`"requested_at":1700000000000,"device_id":"d","device_external_id":"eco","programs":{"daily_program":` +
	`{"id":"p","name":"Weekday","periods":[{"starts_at_time":"07:00:00","climate_preset_key":"home"}]},` +
	`"weekly_program":["p","p","p","p","p","",""]}}`

func TestThermostatProgramsMutationJSON(t *testing.T) {
	t.Parallel()
	week := [7]string{"p", "p", "p", "p", "p", "", ""}
	want := connector.Mutation{Kind: connector.PushThermostatPrograms, WorkspaceID: "w", ObjectID: "aa",
		RequestedAt: 1700000000000, DeviceID: "d", DeviceExternalID: "eco", Programs: &connector.ProviderPrograms{
			DailyProgram: &connector.ProviderDailyProgram{ID: "p", Name: "Weekday",
				Periods: []connector.ProviderProgramPeriod{{StartsAtTime: "07:00:00", ClimatePresetKey: "home"}}},
			WeeklyProgram: &week}}
	var got connector.Mutation
	if err := json.Unmarshal([]byte(queuedProgramsMutation), &got); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("queued job decodes to %+v, %v; want %+v", got, err, want)
	}
	b, err := json.Marshal(want)
	if err != nil || string(b) != queuedProgramsMutation {
		t.Errorf("mutation encodes to %s, %v;\nwant %s", b, err, queuedProgramsMutation)
	}
}
