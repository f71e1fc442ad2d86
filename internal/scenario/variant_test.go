package scenario

import (
	"slices"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
)

// TestServicesThetaBand: on icio-2022 the default band adds half and twice
// the services θ to the eight elasticity sets, and such a variant moves
// the services θ alone. The sets barely vary it (4 in seven of eight) while
// the US's welfare turns on it, so without these points the band hid the
// sign of the US result.
func TestServicesThetaBand(t *testing.T) {
	ds, ok, err := data.Embedded(data.ICIOName)
	if err != nil || !ok {
		t.Fatalf("icio-2022: %v, %v", ok, err)
	}
	vs := DefaultVariants(ds)
	var scales []float64
	for _, v := range vs {
		if v.ServicesThetaScale > 0 {
			scales = append(scales, v.ServicesThetaScale)
		}
	}
	if len(vs) != len(ds.ElasticitySets)+2 || !slices.Equal(scales, ServicesBandScales) {
		t.Fatalf("default variants %v, want the %d sets and services θ × %v", vs, len(ds.ElasticitySets), ServicesBandScales)
	}
	sc, ok := Builtin("liberation-day")
	if !ok {
		t.Fatal("no built-in liberation-day")
	}
	base, err := Compile(sc, ds)
	if err != nil {
		t.Fatal(err)
	}
	serv, _ := ds.ServicesIndex()
	for _, k := range ServicesBandScales {
		v := Variant{ServicesThetaScale: k}
		c, err := v.Apply(sc, ds)
		if err != nil {
			t.Fatal(err)
		}
		comp, err := Compile(c, ds)
		if err != nil {
			t.Fatal(err)
		}
		for s, th := range comp.Options.Theta {
			want := base.Options.Theta[s]
			if s == serv {
				want *= k
			}
			if th != want {
				t.Errorf("services θ × %v: sector %s θ = %v, want %v", k, ds.Sectors[s].Code, th, want)
			}
		}
	}
	// A one-sector world has no services sector: no such points, and a
	// variant that asks for one is refused.
	w, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range DefaultVariants(w) {
		if v.ServicesThetaScale != 0 {
			t.Errorf("world-2023's band has a services point %v", v)
		}
	}
	if _, err := (Variant{ServicesThetaScale: 2}).Apply(sc, w); err == nil {
		t.Error("a services θ scale on a world without services is accepted")
	}
}
