// Package data holds tradebloc's datasets: the in-memory type, the embedded
// default dataset (world-2023), loading and validating a dataset directory in
// the format of DESIGN §4, and exporting one.
//
// Conventions: countries are indexed 0..N-1 in the order of countries.csv,
// sectors 0..S-1 in the order of sectors.csv (one sector "ALL" when there is
// no sectors.csv). Bilateral arrays are flat, row-major, exporter first:
// element (i, j, s) — exporter i, importer j, sector s — is at (i*N+j)*S+s.
package data

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math"
	"slices"
)

// TariffFallback records the importers that have no tariff figure of
// their own in the dataset's source and were given a stand-in rate
// (dataset.yaml tariff_fallback): world-2023's 100 importers without a
// World Bank applied average charge the median of those that have one.
// It describes how tariffs.csv was made and does not change it, so it is
// not part of Hash.
type TariffFallback struct {
	// Pct is the stand-in rate, in percent (3.66 for 3.66%).
	Pct float64
	// Method says how Pct was obtained and where it is charged.
	Method string
	// Note is an optional caveat for readers of results (where the
	// stand-in is known to be far from the truth).
	Note string
	// Importers are the codes given Pct, each a country of the dataset
	// (the build lists them in countries.csv order).
	Importers []string
}

// IsTariffFallback reports whether importer code's baseline tariffs are the
// dataset's stand-in (TariffFallback) rather than its own figure.
func (d *Dataset) IsTariffFallback(code string) bool {
	return slices.Contains(d.TariffFallback.Importers, code)
}

// Country is one economy of a dataset.
type Country struct {
	Code   string
	Name   string
	GDP    float64  // in the dataset's unit; 0 when not given
	Groups []string // groups the country belongs to (EU27, USMCA, …)
}

// Sector is one sector of a dataset.
type Sector struct {
	Code  string
	Name  string
	Theta float64 // trade elasticity; 0 when the dataset does not give one
}

// Macro holds optional per-country macro indicators (NaN when missing).
type Macro struct {
	Name              string  // the economy's name (macro.csv may list economies outside Countries)
	CAPctGDP2023      float64 // current-account balance, % of GDP
	CAPctGDP2024      float64
	GDPUSDbn2024      float64 // GDP 2024, billions of USD (World Bank, 3 significant figures)
	TariffAppliedWtd  float64 // applied tariff, trade-weighted, %
	TariffSimpleMean  float64 // applied tariff, simple mean, %
	TariffMFNWeighted float64 // MFN tariff, trade-weighted, %
	// GoodsBalanceBoP2023 is the 2023 goods balance on a balance-of-payments
	// basis (IMF via World Bank WDI BN.GSR.MRCH.CD), billions of USD: the
	// reference a dataset's goods balance is checked against. Taiwan's is
	// on a customs basis (Ministry of Finance).
	GoodsBalanceBoP2023 float64
}

// CAObservation is one year of a current-account series.
type CAObservation struct {
	Code       string
	Year       int
	PctGDP     float64
	Projection bool
}

// Dataset is a complete baseline: countries, sectors, bilateral trade
// (including domestic sales) and baseline tariffs.
type Dataset struct {
	Name        string
	Version     int // the dataset's revision (dataset.yaml version); 0 when not given
	Year        int
	Unit        string // "USD", "USD thousand", "USD million" or "USD billion"
	Description string
	Sources     []string
	Licence     string
	// Coverage is what the flows cover (dataset.yaml coverage): "" or
	// CoverageGoods for goods only, CoverageServices when services are in
	// (icio-2022), which makes a trade balance the concept closest to the
	// current account.
	Coverage string
	// USRecordInBaseline is the date (YYYY-MM-DD) of the US tariff record
	// whose additional duties (Section 232, 301, ...) the US's baseline
	// tariffs already include (dataset.yaml us_record_in_baseline); "" when
	// they include none. A us-record schedule then applies only the change
	// since that date, so that no duty is counted twice.
	USRecordInBaseline string
	// TariffFallback names the importers whose baseline tariffs are a
	// stand-in rather than their own figure (dataset.yaml tariff_fallback),
	// so that outputs can mark them; the zero value (no importers) when
	// the dataset says nothing. A value, not a pointer, so that two
	// datasets with the same record print and compare alike.
	TariffFallback TariffFallback

	Countries []Country
	Sectors   []Sector
	Trade     []float64 // X_ij,s ≥ 0 at producer prices, layout (i*N+j)*S+s
	Tariffs   []float64 // t_ij,s: importer j's ad valorem tariff on exporter i, same layout

	// Groups maps a group name to its member codes, in country order.
	Groups map[string][]string

	// Input–output shares (nil without value_added.csv): β_i,s at i*S+s, the
	// value-added share of gross output, and γ_i,s,k at (i*S+s)*S+k, the
	// share of inputs from sector k in sector s's gross output
	// (Σ_k γ + β = 1). With them, Trade holds gross flows (intermediate and
	// final) and value added Σ_s β·Y is GDP.
	VA, IO []float64
	// Elasticities are named sets of θ per sector (elasticities.csv),
	// chosen with model.elasticities; ElasticitySets lists their names,
	// sorted.
	Elasticities   map[string][]float64
	ElasticitySets []string

	// Members maps each aggregate unit (icio-2022's ROW) to the economies it
	// stands for (members.csv); nil when the dataset has none.
	Members map[string][]string

	// Optional extras of the embedded dataset (nil/empty for user datasets).
	Macro          map[string]Macro // by country code (may include codes not in Countries, e.g. TWN)
	CurrentAccount []CAObservation  // IMF WEO series, all years
}

// BalanceName is what a trade balance computed from the dataset is:
// "goods balance" or "goods and services balance", for labels.
func (d *Dataset) BalanceName() string {
	if d.Coverage == CoverageServices {
		return "goods and services balance"
	}
	return "goods balance"
}

// N is the number of countries.
func (d *Dataset) N() int { return len(d.Countries) }

// S is the number of sectors.
func (d *Dataset) S() int { return len(d.Sectors) }

// At is the flat index of (exporter i, importer j, sector s).
func (d *Dataset) At(i, j, s int) int { return (i*d.N()+j)*d.S() + s }

// Index returns the position of a country code.
func (d *Dataset) Index(code string) (int, bool) {
	for i, c := range d.Countries {
		if c.Code == code {
			return i, true
		}
	}
	return -1, false
}

// UnitMillions is the size of one unit of the dataset in millions of USD
// (1 for "USD million", 1000 for "USD billion", 0.001 for "USD thousand").
func (d *Dataset) UnitMillions() float64 {
	switch d.Unit {
	case "USD":
		return 1e-6
	case "USD thousand":
		return 1e-3
	case "USD billion":
		return 1e3
	}
	return 1
}

// ServicesSector is the code of the services sector of a world with
// sectors (icio-2022's SERV: services and utilities, ICIO D–T), which
// tariffs do not reach.
const ServicesSector = "SERV"

// IsServices reports whether sector s is the services sector of a world
// with several sectors: the sector the US schedules, the coalition game and
// the playbooks leave untaxed. A one-sector world has none.
func (d *Dataset) IsServices(s int) bool { return d.S() > 1 && d.Sectors[s].Code == ServicesSector }

// ServicesIndex returns the index of the services sector, if the world
// has one (see IsServices).
func (d *Dataset) ServicesIndex() (int, bool) {
	for s := range d.Sectors {
		if d.IsServices(s) {
			return s, true
		}
	}
	return 0, false
}

// GoodsSectors marks the goods sectors of d, by sector index: every sector
// but the services sector (IsServices), so every sector of a world without
// one. It is the mask of the sectors that the US schedules, the coalition
// game, the simulation and the optimal tariffs tax: a border tax on services
// is a measure no country levies.
func (d *Dataset) GoodsSectors() []bool {
	m := make([]bool, d.S())
	for s := range m {
		m[s] = !d.IsServices(s)
	}
	return m
}

// SectorCodes lists the sectors' codes in order.
func (d *Dataset) SectorCodes() []string {
	codes := make([]string, d.S())
	for s, sec := range d.Sectors {
		codes[s] = sec.Code
	}
	return codes
}

// Hash is a content hash of the numbers and codes that determine model
// results (not of names or descriptions), so outputs can record exactly
// which data produced them.
func (d *Dataset) Hash() string {
	h := sha256.New()
	var buf [8]byte
	put := func(x float64) {
		binary.LittleEndian.PutUint64(buf[:], math.Float64bits(x))
		h.Write(buf[:])
	}
	for _, c := range d.Countries {
		h.Write([]byte(c.Code + "\x00"))
		put(c.GDP)
	}
	for _, s := range d.Sectors {
		h.Write([]byte(s.Code + "\x00"))
		put(s.Theta)
	}
	for _, x := range d.Trade {
		put(x)
	}
	for _, x := range d.Tariffs {
		put(x)
	}
	for _, x := range d.VA {
		put(x)
	}
	for _, x := range d.IO {
		put(x)
	}
	// Members decide how US schedules reach an aggregate (its members'
	// rates), so they are part of what determines results.
	for _, c := range d.Countries {
		for _, m := range d.Members[c.Code] {
			h.Write([]byte(c.Code + ">" + m + "\x00"))
		}
	}
	for _, name := range d.ElasticitySets {
		h.Write([]byte(name + "\x00"))
		for _, x := range d.Elasticities[name] {
			put(x)
		}
	}
	// The date of the US duties the baseline carries decides what a
	// us-record schedule adds; written only when set, so that datasets
	// without it keep their hashes.
	if d.USRecordInBaseline != "" {
		h.Write([]byte("us_record_in_baseline\x00" + d.USRecordInBaseline))
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}
