package data

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/tradebloc/tradebloc/internal/errs"
)

// membersFS is validFS with CCC standing for two economies.
func membersFS() fstest.MapFS {
	fsys := validFS()
	fsys["members.csv"] = &fstest.MapFile{Data: []byte("unit,member\nCCC,ETH\nCCC,KEN\n")}
	fsys["dataset.yaml"] = &fstest.MapFile{Data: []byte("name: toy\ncoverage: goods and services\n")}
	return fsys
}

func TestLoadMembers(t *testing.T) {
	d, err := LoadFS(membersFS(), "")
	if err != nil {
		t.Fatal(err)
	}
	c, _ := d.Index("CCC")
	a, _ := d.Index("AAA")
	if !d.IsAggregate(c) || d.IsAggregate(a) || !slices.Equal(d.Members["CCC"], []string{"ETH", "KEN"}) {
		t.Fatalf("members %v, CCC aggregate %v, AAA aggregate %v", d.Members, d.IsAggregate(c), d.IsAggregate(a))
	}
	if u, ok := d.UnitOf("KEN"); !ok || u != "CCC" {
		t.Errorf("UnitOf(KEN) = %q, %v", u, ok)
	}
	if d.Coverage != CoverageServices || d.BalanceName() != "goods and services balance" {
		t.Errorf("coverage %q, balance name %q", d.Coverage, d.BalanceName())
	}
	for _, tc := range []struct{ code, want string }{
		{"ETH", `unknown country "ETH": ETH is part of CCC in toy`},
		{"XYZ", `unknown country "XYZ" (not in dataset toy)`},
	} {
		if got := d.UnknownCountry(tc.code); !strings.HasPrefix(got, tc.want) {
			t.Errorf("UnknownCountry(%s) = %q, want it to start %q", tc.code, got, tc.want)
		}
	}
	// The members and the coverage survive the directory format, and the
	// members enter the hash (they decide how schedules reach the unit).
	files, err := Encode(d)
	if err != nil {
		t.Fatal(err)
	}
	back := fstest.MapFS{}
	for name, b := range files {
		back[name] = &fstest.MapFile{Data: b}
	}
	d2, err := LoadFS(back, "")
	if err != nil {
		t.Fatal(err)
	}
	if d2.Hash() != d.Hash() || d2.Coverage != d.Coverage || !slices.Equal(d2.Members["CCC"], d.Members["CCC"]) {
		t.Errorf("round trip: hash %s vs %s, coverage %q, members %v", d2.Hash(), d.Hash(), d2.Coverage, d2.Members)
	}
	plain, _ := LoadFS(validFS(), "")
	plain.Name = d.Name
	if plain.Hash() == d.Hash() {
		t.Error("members do not change the hash")
	}
	if plain.BalanceName() != "goods balance" {
		t.Errorf("default balance name %q", plain.BalanceName())
	}
}

func TestLoadMembersErrors(t *testing.T) {
	cases := []struct {
		name, members string
		want          []string
	}{
		{"unknown unit", "unit,member\nQQQ,ETH\n", []string{"members.csv:2", `"unit"`, "QQQ"}},
		{"member is a unit", "unit,member\nCCC,ETH\nCCC,AAA\n", []string{"members.csv:3", `"member"`, "AAA is a country"}},
		{"member twice", "unit,member\nCCC,ETH\nBBB,ETH\n", []string{"members.csv:3", `"member"`, "given twice", "line 2"}},
		{"bad code", "unit,member\nCCC,E-H\n", []string{"members.csv:2", `"member"`}},
		{"missing column", "unit\nCCC\n", []string{"members.csv:1", `"member"`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fsys := membersFS()
			fsys["members.csv"] = &fstest.MapFile{Data: []byte(tc.members)}
			d, err := LoadFS(fsys, "")
			var e *errs.Error
			if err == nil || d != nil || !errors.As(err, &e) || e.Kind != errs.Invalid {
				t.Fatalf("got %v, %v; want an Invalid error and no dataset", d, err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
	fsys := membersFS()
	fsys["dataset.yaml"] = &fstest.MapFile{Data: []byte("name: toy\ncoverage: services\n")}
	if _, err := LoadFS(fsys, ""); err == nil || !strings.Contains(err.Error(), `dataset.yaml:2`) || !strings.Contains(err.Error(), "coverage") {
		t.Errorf("bad coverage: %v", err)
	}
}
