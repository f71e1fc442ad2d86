package report

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"
)

type inner struct {
	P10 float64 `json:"p10"`
	P50 float64 `json:"p50"`
}

type point struct {
	T int `json:"t"`
	inner
}

type doc struct {
	Name    string             `json:"name"`
	Skip    string             `json:"-"`
	Empty   string             `json:"empty,omitempty"`
	Zero    float64            `json:"zero,omitempty"`
	Value   float64            `json:"value"`
	Ptr     *float64           `json:"ptr"`
	Map     map[string]float64 `json:"map"`
	List    []float64          `json:"list"`
	Points  []point            `json:"points"`
	Raw     json.RawMessage    `json:"raw"`
	When    time.Time          `json:"when"`
	NoTag   int
	private int
}

func sample(x float64) doc {
	return doc{Name: "a", Skip: "s", Value: x, Map: map[string]float64{"b": x, "a": 1}, List: []float64{1, x},
		Points: []point{{T: 1, inner: inner{P10: x, P50: 2}}}, Raw: json.RawMessage(`{"k":[1,2]}`),
		When: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), NoTag: 3, private: 4}
}

// TestWriteJSONNonFinite: NaN and ±Inf become null and the rest of the
// document is what encoding/json writes for the same values made finite.
func TestWriteJSONNonFinite(t *testing.T) {
	for _, bad := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		var got bytes.Buffer
		if err := WriteJSON(&got, sample(bad)); err != nil {
			t.Fatalf("%v: %v", bad, err)
		}
		// The same document with a sentinel in place of the bad number,
		// through encoding/json, then the sentinel replaced by null.
		var want bytes.Buffer
		if err := WriteJSON(&want, sample(12345.5)); err != nil {
			t.Fatal(err)
		}
		if w := strings.ReplaceAll(want.String(), "12345.5", "null"); got.String() != w {
			t.Errorf("%v:\n got %s\nwant %s", bad, got.String(), w)
		}
	}
}

// TestWriteJSONFiniteUnchanged: a finite document is encoding/json's own
// output, byte for byte.
func TestWriteJSONFiniteUnchanged(t *testing.T) {
	var got bytes.Buffer
	if err := WriteJSON(&got, sample(0.5)); err != nil {
		t.Fatal(err)
	}
	want, _ := json.MarshalIndent(sample(0.5), "", "  ")
	if got.String() != string(want)+"\n" {
		t.Errorf("got %s\nwant %s", got.String(), want)
	}
	// The fallback encoder on a finite document agrees with encoding/json
	// too, so a document with one NaN differs from its finite twin only there.
	var viaFinite bytes.Buffer
	enc := json.NewEncoder(&viaFinite)
	enc.SetIndent("", "  ")
	if err := enc.Encode(finite(reflectValue(sample(0.5)))); err != nil {
		t.Fatal(err)
	}
	if viaFinite.String() != got.String() {
		t.Errorf("fallback encoder differs:\n got %s\nwant %s", viaFinite.String(), got.String())
	}
}

func reflectValue(v any) reflect.Value { return reflect.ValueOf(v) }

// TestUSDbn: the sign goes before the currency, and a figure that rounds
// to zero has none.
func TestUSDbn(t *testing.T) {
	for _, tc := range []struct {
		x    float64
		want string
	}{{248.4, "$248 bn"}, {-8.2, "-$8 bn"}, {-0.3, "$0 bn"}, {0, "$0 bn"}, {-0.6, "-$1 bn"}, {-962.4, "-$962 bn"}} {
		if got := USDbn(tc.x); got != tc.want {
			t.Errorf("USDbn(%g) = %q, want %q", tc.x, got, tc.want)
		}
	}
}
