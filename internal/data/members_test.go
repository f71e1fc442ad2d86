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

// TestCheckCountry: a code is a country only when the dataset has it and it
// is no aggregate; otherwise the error says what it is instead, in the
// words the CLI's flags, the playbooks and the benchmark print.
func TestCheckCountry(t *testing.T) {
	d, err := LoadFS(membersFS(), "")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		code string
		want int    // index, when the code is a country
		err  string // the whole message otherwise
	}{
		{"AAA", 0, ""},
		{"BBB", 1, ""},
		{"CCC", -1, "CCC stands for 2 economies in toy, not a country"},
		{"BLOC", -1, "BLOC is a group of 2 countries in toy, not a country: name one of them (e.g. AAA)"},
		{"bloc", -1, "BLOC is a group of 2 countries in toy, not a country: name one of them (e.g. AAA)"},
		{"aaa", -1, `unknown country "aaa" (not in dataset toy) (country codes are upper case: AAA)`},
		{"ETH", -1, `unknown country "ETH": ETH is part of CCC in toy (run on another dataset to treat it as an economy of its own)`},
		{"XYZ", -1, `unknown country "XYZ" (not in dataset toy)`},
	} {
		i, err := d.CheckCountry(tc.code)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if i != tc.want || got != tc.err {
			t.Errorf("CheckCountry(%q) = %d, %q; want %d, %q", tc.code, i, got, tc.want, tc.err)
		}
	}
	c, _ := d.Index("CCC")
	if got, want := d.AggregateError(c).Error(), "CCC stands for 2 economies in toy, not a country"; got != want {
		t.Errorf("AggregateError(CCC) = %q, want %q", got, want)
	}
}
