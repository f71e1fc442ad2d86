package tariffs

import "sync"

// CensusImports returns the US's 2024 goods imports by partner (Census, USD
// mn), the weights of an aggregate unit's members. The map is shared: treat
// it as read-only.
var CensusImports = sync.OnceValue(func() map[string]float64 {
	m := map[string]float64{}
	for _, r := range census() {
		if r.Imports > 0 {
			m[r.Code] = r.Imports
		}
	}
	return m
})

// Duty returns the additional US duty on partner code on e's date by
// record row (each ICIO sector and TotalSector), in percent. With since
// not nil it is the change since since's date, the duty of the regime
// then subtracted row by row. fromDefault reports that the sectoral table
// lacks the partner, whose rows are then built by the default rules
// (Partner).
func (e *Effective) Duty(code string, since *Effective) (duty map[string]float64, fromDefault bool) {
	rows, basis, _ := e.Partner(code)
	duty = make(map[string]float64, len(rows))
	for _, r := range rows {
		duty[r.Sector] = r.AdditionalPct()
	}
	if since != nil {
		before, _, _ := since.Partner(code)
		for _, r := range before {
			duty[r.Sector] -= r.AdditionalPct()
		}
	}
	return duty, basis == FromDefault
}

// MembersDuty is the duty of a unit that aggregates several economies (ROW
// in icio-2022): the mean of its members' Duty weighted by the US's 2024
// imports from each (Census), so that the unit pays the import-weighted
// mean of what its members pay; a plain mean when none of them trades with
// the US.
func (e *Effective) MembersDuty(members []string, since *Effective) map[string]float64 {
	w := CensusImports()
	total := 0.0
	for _, m := range members {
		total += w[m]
	}
	out := map[string]float64{}
	for _, m := range members {
		wm := 1 / float64(len(members))
		if total > 0 {
			wm = w[m] / total
		}
		d, _ := e.Duty(m, since)
		for row, v := range d {
			out[row] += wm * v
		}
	}
	return out
}

// ServicesSector is the ICIO code of services and utilities (as
// data.ServicesSector). The record's
// SERV row holds the few goods ICIO classes there (electricity, works of
// art, 0.4% of US goods imports); a dataset's SERV flows are mostly
// services, which US tariffs do not reach, so no duty is applied to them.
const ServicesSector = "SERV"

// RecordRows maps a dataset's sector codes to the record rows whose duty
// each takes: TotalSector for a one-sector dataset; otherwise the sector's
// own ICIO row, "" for ServicesSector (services) and for a code the record
// lacks, which is listed in unmatched. matched counts the sectors that
// take a row.
func RecordRows(codes []string) (rows []string, matched int, services bool, unmatched []string) {
	rows = make([]string, len(codes))
	if len(codes) == 1 {
		rows[0] = TotalSector
		return rows, 1, false, nil
	}
	known := map[string]bool{}
	for _, s := range Sectors() {
		if s.Code != NASector {
			known[s.Code] = true
		}
	}
	for k, c := range codes {
		switch {
		case c == ServicesSector:
			services = true
		case known[c]:
			rows[k] = c
			matched++
		default:
			unmatched = append(unmatched, c)
		}
	}
	return rows, matched, services, unmatched
}
