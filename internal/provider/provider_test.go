package provider_test

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/lintel-dev/lintel/internal/provider"
)

func TestCatalogueHasTheIssuesProviders(t *testing.T) {
	t.Parallel()
	for key, capability := range map[string]string{
		"august": "lock", "yale": "lock", "schlage": "lock", "kwikset": "lock", "nuki": "lock", "igloohome": "lock",
		"salto_ks": "access_control", "visionline": "access_control", "brivo": "access_control",
		"salto_space": "access_control", "latch": "access_control",
	} {
		p, ok := provider.Lookup(key)
		if !ok {
			t.Errorf("%s: not in the catalogue", key)
			continue
		}
		if p.Capability != capability {
			t.Errorf("%s: capability %q, want %q", key, p.Capability, capability)
		}
	}
	if _, ok := provider.Lookup("nope"); ok {
		t.Error("Lookup found an unknown provider")
	}
}

// spec reads the enums of the official OpenAPI document the catalogue must
// stay within, when the document is at hand.
func spec(t *testing.T) map[string][]string {
	t.Helper()
	// The document lives beside the checkout (../shared/spec), never in it.
	var raw []byte
	err := os.ErrNotExist
	for _, path := range []string{os.Getenv("LINTEL_SEAM_SPEC"), "../../../shared/spec/seam-connect.openapi.json",
		"../../../../shared/spec/seam-connect.openapi.json"} {
		if path == "" {
			continue
		}
		if raw, err = os.ReadFile(path); err == nil {
			break
		}
	}
	if err != nil {
		t.Skip("the official OpenAPI document is not at hand:", err)
	}
	var doc struct {
		Components struct {
			Schemas map[string]json.RawMessage
		}
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	// Collect every enum under the schemas the catalogue speaks for, by
	// property name.
	var walk func(name string, v any)
	walk = func(name string, v any) {
		switch x := v.(type) {
		case map[string]any:
			if e, ok := x["enum"].([]any); ok {
				for _, s := range e {
					if s, ok := s.(string); ok {
						out[name] = append(out[name], s)
					}
				}
			}
			for k, c := range x {
				if k == "properties" {
					for pk, pv := range c.(map[string]any) {
						walk(pk, pv)
					}
					continue
				}
				walk(name, c)
			}
		case []any:
			for _, c := range x {
				walk(name, c)
			}
		}
	}
	for _, s := range []string{"device_provider", "device", "acs_system", "acs_access_group"} {
		var v any
		if err := json.Unmarshal(doc.Components.Schemas[s], &v); err != nil {
			t.Fatal(err)
		}
		walk("", v)
	}
	return out
}

func TestCatalogueSpeaksTheSpecsEnums(t *testing.T) {
	t.Parallel()
	enums := spec(t)
	in := func(field, v string) {
		t.Helper()
		if !slices.Contains(enums[field], v) {
			t.Errorf("%s %q is not in the spec's enum", field, v)
		}
	}
	for _, p := range provider.All() {
		in("device_provider_name", p.Key)
		for _, c := range p.Categories {
			in("provider_categories", c)
		}
		for _, l := range p.Logins {
			for _, d := range l.Devices {
				in("device_type", d.DeviceType)
				for _, c := range d.Codes.Constraints {
					in("constraint_type", c)
				}
			}
			for _, s := range l.Systems {
				in("external_type", s.ExternalType)
				if len(s.AccessGroups) > 0 {
					in("access_group_type", s.AccessGroupType)
				}
			}
		}
	}
}

func TestCatalogueKeysAreUnique(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, p := range provider.All() {
		if seen[p.Key] {
			t.Errorf("provider %s twice", p.Key)
		}
		seen[p.Key] = true
		objects := map[string]bool{}
		for _, l := range p.Logins {
			if len(l.Devices)+len(l.Systems) == 0 {
				t.Errorf("%s %s: the login creates nothing", p.Key, l.Email)
			}
			for _, d := range l.Devices {
				if objects[d.Key] {
					t.Errorf("%s: object key %s twice", p.Key, d.Key)
				}
				objects[d.Key] = true
				if d.IsLock() && (len(d.Codes.SupportedCodeLengths) == 0 || d.Codes.MaxActiveCodes == 0) {
					t.Errorf("%s %s: no code constraints", p.Key, d.Key)
				}
			}
			for _, s := range l.Systems {
				if objects[s.Key] {
					t.Errorf("%s: object key %s twice", p.Key, s.Key)
				}
				objects[s.Key] = true
				if len(s.Entrances) == 0 {
					t.Errorf("%s %s: no entrances", p.Key, s.Key)
				}
			}
		}
	}
}

func TestSignIn(t *testing.T) {
	t.Parallel()
	august, _ := provider.Lookup("august")
	jane, err := august.SignIn("Jane@Example.com", "1234")
	if err != nil || jane.Email != provider.JaneEmail {
		t.Fatalf("jane: %+v, %v", jane, err)
	}
	john, err := august.SignIn(provider.JohnEmail, "1234")
	if err != nil {
		t.Fatal(err)
	}
	if john.AccountDisplayName == jane.AccountDisplayName || john.Devices[0].Key == jane.Devices[0].Key {
		t.Errorf("john's login opens jane's account: %+v", john)
	}
	for _, bad := range [][2]string{{"jane@example.com", "12345"}, {"jane@example.com", ""}, {"mallory@example.com", "1234"}, {"", ""}} {
		if _, err := august.SignIn(bad[0], bad[1]); !errors.Is(err, provider.ErrBadLogin) {
			t.Errorf("SignIn(%q, %q) = %v, want ErrBadLogin", bad[0], bad[1], err)
		}
	}
	if err := august.CheckTwoFactor("123456"); err != nil {
		t.Error(err)
	}
	if err := august.CheckTwoFactor("000000"); !errors.Is(err, provider.ErrBadTwoFactorCode) {
		t.Errorf("wrong code: %v", err)
	}
	schlage, _ := provider.Lookup("schlage")
	if schlage.TwoFactor || schlage.CheckTwoFactor("") != nil {
		t.Error("schlage asks for a two-factor code")
	}
}

func TestInCategory(t *testing.T) {
	t.Parallel()
	acs := provider.InCategory(provider.CategoryAccessControl)
	var keys []string
	for _, p := range acs {
		keys = append(keys, p.Key)
		if p.Capability != provider.CapabilityAccessControl {
			t.Errorf("%s in access_control_systems gives %s", p.Key, p.Capability)
		}
	}
	for _, k := range []string{"salto_ks", "visionline", "brivo", "salto_space", "latch"} {
		if !slices.Contains(keys, k) {
			t.Errorf("%s not in access_control_systems: %v", k, keys)
		}
	}
	if len(provider.InCategory("cameras")) != 0 {
		t.Error("a sandbox camera provider appeared")
	}
}

func TestLogoIsWellFormedSVG(t *testing.T) {
	t.Parallel()
	for _, p := range provider.All() {
		logo := p.Logo()
		if err := xml.Unmarshal([]byte(logo), new(struct{})); err != nil {
			t.Errorf("%s: %v", p.Key, err)
		}
		if !strings.Contains(logo, ">"+p.Initials()+"<") || p.Initials() == "" {
			t.Errorf("%s: initials %q missing from %s", p.Key, p.Initials(), logo)
		}
	}
	if p, _ := provider.Lookup("salto_ks"); p.Initials() != "SK" {
		t.Errorf("salto_ks initials %q", p.Initials())
	}
}
