package executor

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tradebloc/tradebloc/internal/errs"
)

// TestDecodeUnit: a work message is a unit only with a run ID that is one
// plain subject token and a JSON unit with an ID.
func TestDecodeUnit(t *testing.T) {
	good := `{"id":"payoffs/0-8","kind":"coalition.payoffs","dataset":{"name":"world-2023","hash":"ab"},"spec":{"k":[1,2]},"size":8}`
	cases := []struct {
		name, run, data, want string
	}{
		{"a unit", "0123456789abcdef01234567", good, ""},
		{"no run header", "", good, "no Tradebloc-Run header"},
		{"wildcard run", ">", good, "not a run ID"},
		{"dotted run", "a.b", good, "not a run ID"},
		{"run with a space", "a b", good, "not a run ID"},
		{"long run", strings.Repeat("a", 65), good, "not a run ID"},
		{"not JSON", "r1", `{"id":`, "unexpected end"},
		{"not an object", "r1", `[1]`, "cannot unmarshal"},
		{"no id", "r1", `{"kind":"coalition.payoffs"}`, "without an id"},
	}
	// A unit without a spec gets the null the client sends for none, so a
	// handler sees the same bytes whichever way it came.
	if u, err := decodeUnit("r1", []byte(`{"id":"u1","kind":"k"}`)); err != nil || string(u.Spec) != "null" {
		t.Errorf("a unit without a spec: spec %q, %v; want null", u.Spec, err)
	}
	// An error header that is not JSON is quoted and cut short, so its
	// message is valid UTF-8 (a PostgreSQL store keeps it) and brief.
	msg := decodeError("\xed\xa0" + strings.Repeat("x", 5000)).Error()
	if !utf8.ValidString(msg) || len(msg) > 300 || !strings.Contains(msg, `"\xed\xa0xxx`) {
		t.Errorf("an unreadable error header: %d bytes %.100q", len(msg), msg)
	}
	for _, c := range cases {
		u, err := decodeUnit(c.run, []byte(c.data))
		switch {
		case c.want == "" && (err != nil || u == nil || u.ID != "payoffs/0-8" || u.Size != 8 || string(u.Spec) != `{"k":[1,2]}`):
			t.Errorf("%s: %+v, %v", c.name, u, err)
		case c.want != "" && (err == nil || u != nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: %+v, %v; want an error saying %q", c.name, u, err, c.want)
		}
	}
}

// FuzzDecodeUnit: whatever a message holds, decoding it does not panic; a
// unit it accepts has a run ID fit for a subject and an ID, and comes
// back the same through the encoding the client sends (json.Marshal).
func FuzzDecodeUnit(f *testing.F) {
	f.Add("0123456789abcdef01234567", []byte(`{"id":"payoffs/0-8","kind":"coalition.payoffs","dataset":{"name":"world-2023","hash":"ab"},"spec":{"k":[1,2]},"size":8}`))
	f.Add("r1", []byte(`{"id":"u0","kind":"digest","dataset":{"name":"x","hash":""},"spec":null}`))
	f.Add("r1", []byte(`{"id":"u0","ID":"u1","spec":"\u00e9","size":-3}`))
	f.Add("r.*", []byte(`{"id":"u0"}`))
	f.Add("", []byte(`{}`))
	f.Fuzz(func(t *testing.T, run string, data []byte) {
		u, err := decodeUnit(run, data)
		if err != nil {
			if u != nil {
				t.Fatalf("a unit and an error: %+v, %v", u, err)
			}
			return
		}
		if u.ID == "" || run == "" || strings.ContainsAny(run, ".*> \t\r\n") || len(run) > maxRunID {
			t.Fatalf("accepted run %q, unit %+v", run, u)
		}
		b, err := json.Marshal(u)
		if err != nil {
			// A spec the client could not have sent (encoding/json
			// refuses to re-encode it) must not have been accepted.
			t.Fatalf("accepted a unit that does not encode again: %v", err)
		}
		again, err := decodeUnit(run, b)
		if err != nil {
			t.Fatalf("re-encoded unit refused: %v (%s)", err, b)
		}
		var spec1, spec2 bytes.Buffer
		_ = json.Compact(&spec1, u.Spec)
		_ = json.Compact(&spec2, again.Spec)
		u.Spec, again.Spec = nil, nil
		if !reflect.DeepEqual(u, again) || spec1.String() != spec2.String() {
			t.Fatalf("round trip: %+v %s, then %+v %s", u, spec1.String(), again, spec2.String())
		}
	})
}

// FuzzDecodeError: any Tradebloc-Error header decodes to an error (never
// nil, never an empty message) that encodes and decodes again to the same
// message and exit code, so a worker's error reads the same on the client
// as a local run's would.
func FuzzDecodeError(f *testing.F) {
	f.Add(encodeError(&errs.Error{Op: "scenario", Kind: errs.Invalid, File: "a.yaml", Line: 3, Col: 5, Field: "shocks[0]", Err: errors.New("bad rate")}))
	f.Add(encodeError(errors.New("plain")))
	f.Add(`{"kind":2,"msg":"residual 1e-3"}`)
	f.Add(`{"kind":99,"line":-4}`)
	f.Add(`null`)
	f.Add(`not json`)
	f.Fuzz(func(t *testing.T, s string) {
		err := decodeError(s)
		if err == nil || err.Error() == "" {
			t.Fatalf("decodeError(%q) = %v", s, err)
		}
		again := decodeError(encodeError(err))
		if again.Error() != err.Error() || errs.ExitCode(again) != errs.ExitCode(err) || errs.KindOf(again) != errs.KindOf(err) {
			t.Fatalf("round trip of %q: %q (exit %d), then %q (exit %d)", s, err, errs.ExitCode(err), again, errs.ExitCode(again))
		}
	})
}
