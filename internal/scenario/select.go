package scenario

import (
	"sort"
	"strconv"
	"strings"

	"github.com/tradebloc/tradebloc/internal/data"
)

// All is the selector name meaning every country (every other country where
// the pair would be domestic) or every sector.
const All = "*"

// index resolves names against one dataset during one Compile. It is built
// once per call so that resolving a selector is a map lookup, not a scan of
// the country list.
type index struct {
	ds      *data.Dataset
	codes   map[string]int
	sectors map[string]int
	mask    []bool // scratch for de-duplicating a selection
	all     []int  // every sector, shared: callers never modify selections
}

func newIndex(ds *data.Dataset) *index {
	x := &index{ds: ds, codes: make(map[string]int, ds.N()), sectors: make(map[string]int, ds.S()), mask: make([]bool, ds.N())}
	for i, c := range ds.Countries {
		x.codes[c.Code] = i
	}
	for s, sec := range ds.Sectors {
		x.sectors[sec.Code] = s
	}
	x.all = make([]int, ds.S())
	for s := range x.all {
		x.all[s] = s
	}
	return x
}

func (x *index) country(code string) (int, bool) { i, ok := x.codes[code]; return i, ok }
func (x *index) sector(code string) (int, bool)  { s, ok := x.sectors[code]; return s, ok }

// countries resolves a selector to country indices in dataset order, each
// once (so "USA, USMCA" does not add a tariff twice). at and key name the
// key for selectors built in code, which carry no position; the path is built
// only on failure, to keep Compile free of string garbage.
func (x *index) countries(sel Selector, at Pos, key string) ([]int, error) {
	clear(x.mask)
	for _, r := range sel {
		if r.Name == All {
			for i := range x.mask {
				x.mask[i] = true
			}
			continue
		}
		if i, ok := x.codes[r.Name]; ok {
			x.mask[i] = true
			continue
		}
		members, ok := x.ds.Groups[r.Name]
		if !ok {
			return nil, r.Pos.orField(sub(at.Field, key)).errorf("%s", x.unknownCountry(r.Name))
		}
		for _, code := range members {
			if i, ok := x.codes[code]; ok {
				x.mask[i] = true
			}
		}
	}
	out := make([]int, 0, len(sel))
	for i, on := range x.mask {
		if on {
			out = append(out, i)
		}
	}
	return out, nil
}

// unknownCountry explains an unknown name, suggesting the likely intent.
func (x *index) unknownCountry(name string) string {
	if _, ok := x.ds.UnitOf(name); ok {
		return x.ds.UnknownCountry(name)
	}
	msg := "unknown country or group " + strconv.Quote(name)
	if x.ds.Name != "" {
		msg += " in dataset " + x.ds.Name
	}
	if up := strings.ToUpper(name); up != name {
		if _, ok := x.codes[up]; ok {
			return msg + " (country codes are upper case: " + up + ")"
		}
		if _, ok := x.ds.Groups[up]; ok {
			return msg + " (did you mean " + up + "?)"
		}
	}
	if len(x.ds.Groups) > 0 {
		groups := make([]string, 0, len(x.ds.Groups))
		for g := range x.ds.Groups {
			groups = append(groups, g)
		}
		sort.Strings(groups)
		msg += " (want a country code of the dataset, \"*\" or a group: " + strings.Join(groups, ", ") + ")"
	}
	return msg
}

// sectorsOf resolves a sector selector; empty means every sector.
func (x *index) sectorsOf(sel Selector, at Pos, key string) ([]int, error) {
	if len(sel) == 0 {
		return x.all, nil
	}
	on := make([]bool, x.ds.S())
	for _, r := range sel {
		if r.Name == All {
			return x.all, nil
		}
		s, ok := x.sectors[r.Name]
		if !ok {
			return nil, r.Pos.orField(sub(at.Field, key)).errorf("unknown sector %s (the dataset has %s)", strconv.Quote(r.Name), sectorList(x.ds))
		}
		on[s] = true
	}
	out := make([]int, 0, len(sel))
	for s, ok := range on {
		if ok {
			out = append(out, s)
		}
	}
	return out, nil
}

// sectorOne resolves the optional sector of a CSV row: -1 means every sector.
func (x *index) sectorOne(r Ref, at Pos, key string) (int, error) {
	if r.Name == "" || r.Name == All {
		return -1, nil
	}
	s, ok := x.sectors[r.Name]
	if !ok {
		return 0, r.Pos.orField(sub(at.Field, key)).errorf("unknown sector %s (the dataset has %s)", strconv.Quote(r.Name), sectorList(x.ds))
	}
	return s, nil
}
