package scenario

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/model"
)

// DefaultTheta is the trade elasticity used when neither the scenario nor the
// dataset's sectors give one: the central estimate of Simonovska–Waugh and
// Head–Mayer, and the value in most published tariff exercises.
const DefaultTheta = 4

var modelKeys = []string{"trade_elasticity", "deficits", "io", "elasticities", "labor_supply_elasticity", "scale_elasticity", "tariff_revenue", "welfare", "numeraire", "competition", "fixed_cost_share", "firm_passthrough", "io_variant"}

// modelSpec parses the `model:` map.
func (p *parser) modelSpec(n *yaml.Node) (ModelSpec, error) {
	var m ModelSpec
	f, err := p.mapping(n, "model", modelKeys)
	if err != nil {
		return m, err
	}
	if v, ok := f.get("trade_elasticity"); ok {
		if err := p.theta(v, &m); err != nil {
			return m, err
		}
	}
	if v, ok := f.get("deficits"); ok {
		s, err := p.text(v, "model.deficits")
		if err != nil {
			return m, err
		}
		var ok bool
		m.DeficitsPos = p.posOf(deref(v), "model.deficits")
		if m.Deficits, ok = model.ParseClosure(s); !ok {
			return m, m.DeficitsPos.errorf("unknown deficits %q (want fixed, ratio, zero or purge)", s)
		}
	}
	for _, t := range []struct {
		key string
		dst *float64
	}{{"labor_supply_elasticity", &m.Kappa}, {"scale_elasticity", &m.Psi}} {
		v, ok := f.get(t.key)
		if !ok {
			continue
		}
		if *t.dst, err = p.number(v, "model."+t.key); err != nil {
			return m, err
		}
		if *t.dst < 0 {
			return m, p.posOf(deref(v), "model."+t.key).errorf("must be ≥ 0, got %v", *t.dst)
		}
	}
	if v, ok := f.get("tariff_revenue"); ok {
		s, err := p.text(v, "model.tariff_revenue")
		if err != nil {
			return m, err
		}
		var ok bool
		if m.Revenue, ok = model.ParseRevenueUse(s); !ok {
			return m, p.posOf(deref(v), "model.tariff_revenue").errorf("unknown tariff_revenue %q (want lump_sum or income_tax)", s)
		}
	}
	if v, ok := f.get("io"); ok {
		b, err := p.boolean(v, "model.io")
		if err != nil {
			return m, err
		}
		m.NoIO = !b
	}
	if v, ok := f.get("io_variant"); ok {
		s, err := p.text(v, "model.io_variant")
		if err != nil {
			return m, err
		}
		var ok bool
		m.IOVariantPos = p.posOf(deref(v), "model.io_variant")
		if m.IOVariant, ok = model.ParseIOVariant(s); !ok {
			return m, m.IOVariantPos.errorf("unknown io_variant %q (want caliendo_parro or ilms2025)", s)
		}
	}
	if v, ok := f.get("elasticities"); ok {
		if m.Elasticities, err = p.ref(v, "model.elasticities"); err != nil {
			return m, err
		}
	}
	if v, ok := f.get("welfare"); ok {
		s, err := p.text(v, "model.welfare")
		if err != nil {
			return m, err
		}
		var ok bool
		if m.Welfare, ok = model.ParseWelfareMeasure(s); !ok {
			return m, p.posOf(deref(v), "model.welfare").errorf("unknown welfare %q (want exact or ilms2025)", s)
		}
	}
	if v, ok := f.get("competition"); ok {
		s, err := p.text(v, "model.competition")
		if err != nil {
			return m, err
		}
		var ok bool
		m.CompetitionPos = p.posOf(deref(v), "model.competition")
		if m.Competition, ok = model.ParseCompetition(s); !ok {
			return m, m.CompetitionPos.errorf("unknown competition %q (want perfect or krugman)", s)
		}
	}
	if v, ok := f.get("fixed_cost_share"); ok {
		if m.FixedCostShare, err = p.countryValues(v, "model.fixed_cost_share"); err != nil {
			return m, err
		}
		for _, cv := range m.FixedCostShare {
			if !(cv.Value >= 0 && cv.Value < 1) {
				return m, cv.Country.Pos.errorf("fixed-cost share must be in [0, 1), got %v", cv.Value)
			}
		}
	}
	if v, ok := f.get("firm_passthrough"); ok {
		if m.FirmPassthrough, err = p.number(v, "model.firm_passthrough"); err != nil {
			return m, err
		}
		if !(m.FirmPassthrough > 0) {
			return m, p.posOf(deref(v), "model.firm_passthrough").errorf("must be > 0, got %v", m.FirmPassthrough)
		}
	}
	if v, ok := f.get("numeraire"); ok {
		if m.Numeraire, err = p.ref(v, "model.numeraire"); err != nil {
			return m, err
		}
		if s := m.Numeraire.Name; s != NumeraireWorldPrice && s != NumeraireWorldGDP && s != NumeraireWorldWage && !isCode(s) {
			return m, m.Numeraire.Pos.errorf("unknown numeraire %q (want world_price, world_gdp, world_wage or a country code)", s)
		}
	}
	return m, nil
}

// theta parses trade_elasticity: one number, or a map sector → θ.
func (p *parser) theta(v *yaml.Node, m *ModelSpec) error {
	const field = "model.trade_elasticity"
	v = deref(v)
	m.ThetaPos = p.posOf(v, field)
	if v.Kind != yaml.MappingNode {
		x, err := p.number(v, field)
		if err != nil {
			if isNumberNode(v) {
				return err // a number in a form refused (1_0, 0x10)
			}
			return p.posOf(v, field).errorf("want a number or a map sector: number, got %s", kindName(v))
		}
		if x <= 0 {
			return p.posOf(v, field).errorf("θ must be > 0, got %v", x)
		}
		m.Theta = x
		return nil
	}
	if len(v.Content) == 0 {
		return p.posOf(v, field).errorf("empty map: want sector: θ for every sector")
	}
	seen := make(map[string]int, len(v.Content)/2)
	for k := 0; k+1 < len(v.Content); k += 2 {
		key := deref(v.Content[k])
		sec, err := p.ref(key, field)
		if err != nil {
			return err
		}
		path := field + "." + sec.Name
		sec.Pos.Field = path
		if line, dup := seen[sec.Name]; dup {
			return sec.Pos.errorf("sector %q given twice (first at line %d)", sec.Name, line)
		}
		seen[sec.Name] = key.Line
		x, err := p.number(v.Content[k+1], path)
		if err != nil {
			return err
		}
		if x <= 0 {
			return p.posOf(deref(v.Content[k+1]), path).errorf("θ must be > 0, got %v", x)
		}
		m.SectorTheta = append(m.SectorTheta, SectorTheta{Sector: sec, Theta: x})
	}
	return nil
}

// countryValues parses a number (for every country) or a map code → number
// with "*" for the countries not named.
func (p *parser) countryValues(v *yaml.Node, field string) ([]CountryValue, error) {
	v = deref(v)
	if v.Kind != yaml.MappingNode {
		x, err := p.number(v, field)
		if err != nil {
			if isNumberNode(v) {
				return nil, err // a number in a form refused (1_0, 0x10)
			}
			return nil, p.posOf(v, field).errorf("want a number or a map country: number, got %s", kindName(v))
		}
		return []CountryValue{{Country: Ref{Name: "*", Pos: p.posOf(v, field)}, Value: x}}, nil
	}
	if len(v.Content) == 0 {
		return nil, p.posOf(v, field).errorf("empty map: want country: number (\"*\" for the rest)")
	}
	var out []CountryValue
	seen := map[string]int{}
	for k := 0; k+1 < len(v.Content); k += 2 {
		key := deref(v.Content[k])
		c, err := p.ref(key, field)
		if err != nil {
			return nil, err
		}
		path := field + "." + c.Name
		c.Pos.Field = path
		if line, dup := seen[c.Name]; dup {
			return nil, c.Pos.errorf("%q given twice (first at line %d)", c.Name, line)
		}
		seen[c.Name] = key.Line
		x, err := p.number(v.Content[k+1], path)
		if err != nil {
			return nil, err
		}
		out = append(out, CountryValue{Country: c, Value: x})
	}
	return out, nil
}

// marketOptions sets the fixed-cost shares and tariff pass-through of the
// ILMS market structure (model.fixed_cost_share, model.firm_passthrough).
func (m *ModelSpec) marketOptions(o *model.Options, ds *data.Dataset, idx *index) error {
	if m.FixedCostShare == nil && (m.FirmPassthrough == 0 || m.FirmPassthrough == 1) {
		return nil
	}
	if m.FirmPassthrough < 0 {
		return Pos{Field: "model.firm_passthrough"}.errorf("must be > 0, got %v", m.FirmPassthrough)
	}
	firm := m.FirmPassthrough
	if firm == 0 {
		firm = 1
	}
	nu := make([]float64, ds.N())
	if m.FixedCostShare != nil {
		for _, cv := range m.FixedCostShare {
			if !(cv.Value >= 0 && cv.Value < 1) {
				return cv.Country.Pos.orField("model.fixed_cost_share").errorf("fixed-cost share must be in [0, 1), got %v", cv.Value)
			}
			if cv.Country.Name == "*" {
				for j := range nu {
					nu[j] = cv.Value
				}
			}
		}
		for _, cv := range m.FixedCostShare {
			if cv.Country.Name == "*" {
				continue
			}
			j, ok := idx.country(cv.Country.Name)
			if !ok {
				return cv.Country.Pos.orField("model.fixed_cost_share").errorf("unknown country %q", cv.Country.Name)
			}
			nu[j] = cv.Value
		}
		o.FixedCostShare = nu
	}
	o.Passthrough = model.ILMSPassthrough(nu, m.Psi, firm)
	return nil
}

// isCode reports whether s has the shape of a country code (DESIGN §4: 2–8
// letters, digits or underscores), so that a misspelt keyword such as
// "world_prices" is caught at parse time rather than as an unknown country.
func isCode(s string) bool {
	if len(s) < 2 || len(s) > 8 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// options turns the spec into model.Options for ds.
func (m *ModelSpec) options(ds *data.Dataset, idx *index) (model.Options, error) {
	S := ds.S()
	// Specs built in code skip the parser's range checks; repeat them here.
	switch {
	case m.Theta < 0:
		return model.Options{}, m.ThetaPos.orField("model.trade_elasticity").errorf("θ must be > 0, got %v", m.Theta)
	case m.Kappa < 0:
		return model.Options{}, Pos{Field: "model.labor_supply_elasticity"}.errorf("must be ≥ 0, got %v", m.Kappa)
	case m.Psi < 0:
		return model.Options{}, Pos{Field: "model.scale_elasticity"}.errorf("must be ≥ 0, got %v", m.Psi)
	}
	o := model.Options{Deficits: m.Deficits, Kappa: m.Kappa, Psi: m.Psi, Revenue: m.Revenue, Welfare: m.Welfare, NoIO: m.NoIO, Competition: m.Competition, IOVariant: m.IOVariant}
	// The model refuses these too (ilmsio.go, fixedcost.go); here the error
	// points at the file.
	io := ds.HasIO() && !m.NoIO
	switch {
	case m.IOVariant == model.ILMS2025IO && !io:
		why := "dataset " + ds.Name + " has no value-added shares"
		if ds.HasIO() {
			why = "model.io is false"
		}
		return o, m.IOVariantPos.orField("model.io_variant").errorf("io_variant ilms2025 needs input–output linkages: %s", why)
	case m.IOVariant == model.ILMS2025IO && S != 1:
		return o, m.IOVariantPos.orField("model.io_variant").errorf("io_variant ilms2025 is built for one sector (ILMS 2025, §5.5); dataset %s has %d", ds.Name, S)
	case io && m.IOVariant != model.ILMS2025IO && len(m.FixedCostShare) > 0:
		return o, m.FixedCostShare[0].Country.Pos.orField("model.fixed_cost_share").errorf("fixed-cost shares with the input–output linkages of dataset %s are built for io_variant: ilms2025 only: set it, or model.io: false", ds.Name)
	case io && m.IOVariant != model.ILMS2025IO && m.FirmPassthrough != 0 && m.FirmPassthrough != 1:
		return o, Pos{Field: "model.firm_passthrough"}.errorf("tariff pass-through with the input–output linkages of dataset %s is built for io_variant: ilms2025 only: set it, or model.io: false", ds.Name)
	}
	if m.Competition == model.Krugman {
		// The model refuses these too; here the error points at the file.
		pos := m.CompetitionPos.orField("model.competition")
		if m.Kappa > 0 {
			return o, pos.errorf("krugman competition is built for inelastic labour supply only: set labor_supply_elasticity: 0 (got %v) or competition: perfect", m.Kappa)
		}
		if ds.HasIO() && !m.NoIO {
			return o, pos.errorf("krugman competition is not built with input–output linkages, which dataset %s has: set model.io: false", ds.Name)
		}
	}
	o.Theta = make([]float64, S)
	if name := m.Elasticities.Name; name != "" {
		if m.Theta > 0 || len(m.SectorTheta) > 0 {
			return o, m.Elasticities.Pos.orField("model.elasticities").errorf("give either trade_elasticity or elasticities, not both")
		}
		set, ok := ds.Elasticities[name]
		if !ok {
			avail := "none"
			if len(ds.ElasticitySets) > 0 {
				avail = strings.Join(ds.ElasticitySets, ", ")
			}
			return o, m.Elasticities.Pos.orField("model.elasticities").errorf("unknown elasticity set %q (dataset %s has: %s)", name, ds.Name, avail)
		}
		copy(o.Theta, set)
	}
	switch {
	case m.Elasticities.Name != "":
	case len(m.SectorTheta) > 0:
		for s := range o.Theta {
			o.Theta[s] = -1
		}
		for _, st := range m.SectorTheta {
			s, ok := idx.sector(st.Sector.Name)
			if !ok {
				return o, st.Sector.Pos.orField("model.trade_elasticity").errorf("unknown sector %q (the dataset has %s)", st.Sector.Name, sectorList(ds))
			}
			if !(st.Theta > 0) {
				return o, st.Sector.Pos.orField("model.trade_elasticity").errorf("θ must be > 0, got %v", st.Theta)
			}
			o.Theta[s] = st.Theta
		}
		for s, th := range o.Theta {
			if th < 0 {
				return o, m.ThetaPos.orField("model.trade_elasticity").errorf("no θ for sector %q: a map must give every sector", ds.Sectors[s].Code)
			}
		}
	case m.Theta > 0:
		for s := range o.Theta {
			o.Theta[s] = m.Theta
		}
	default:
		// The dataset's own elasticities, else the default for all. A
		// dataset that gives some sectors a θ and not others is ambiguous:
		// the missing ones are needed and are not silently invented.
		given := 0
		for _, sec := range ds.Sectors {
			if sec.Theta > 0 {
				given++
			}
		}
		for s := range o.Theta {
			o.Theta[s] = DefaultTheta
			if th := ds.Sectors[s].Theta; th > 0 {
				o.Theta[s] = th
			} else if given > 0 {
				return o, &errs.Error{Op: "scenario", Kind: errs.Invalid, File: "sectors.csv", Field: "trade_elasticity",
					Err: fmt.Errorf("sector %q of dataset %q has no trade elasticity while %d other sectors do, and the scenario gives none: fill it in sectors.csv or set model.trade_elasticity", ds.Sectors[s].Code, ds.Name, given)}
			}
		}
	}
	if err := m.marketOptions(&o, ds, idx); err != nil {
		return o, err
	}
	switch name := m.Numeraire.Name; name {
	case "", NumeraireWorldPrice:
		o.Numeraire = model.WorldPrice
	case NumeraireWorldGDP:
		o.Numeraire = model.WorldGDP
	case NumeraireWorldWage:
		o.Numeraire = model.WorldWage
	default:
		i, ok := idx.country(name)
		if !ok {
			return o, m.Numeraire.Pos.orField("model.numeraire").errorf("%s, so it cannot be the numeraire", ds.UnknownCountry(name))
		}
		o.Numeraire, o.NumeraireCountry = model.CountryWage, i
	}
	return o, nil
}

// sectorList names a dataset's sectors for error messages.
func sectorList(ds *data.Dataset) string {
	const max = 12
	s := ""
	for k, sec := range ds.Sectors {
		if k == max {
			return s + ", …"
		}
		if k > 0 {
			s += ", "
		}
		s += sec.Code
	}
	return s
}
