package scenario

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/numparse"
)

// A rate in a scenario (a tariff, an addition to one, a subsidy) is a
// decimal, 0.25 = 25%. Written as `KEY_pct: 25` or `KEY: 25%` it is a
// percent. A decimal above 1 (or, for an addition, below −1) is refused:
// `rate: 25` is far more likely 25% than 2,500%.

// rateValue reads the rate under key (decimal, or text with a "%" sign) or
// under key+"_pct" when pct is set (percent). signed says the rate is a
// change that may be negative (add), so its size is checked either way.
func (p *parser) rateValue(n *yaml.Node, path, key string, pct, signed bool) (float64, error) {
	n = deref(n)
	at := p.posOf(n, path)
	if n.Kind == yaml.ScalarNode && n.Tag == "!!str" {
		if !strings.HasSuffix(strings.TrimSpace(n.Value), "%") {
			return 0, at.errorf("want a number (a decimal, 0.25 = 25%%) or a percent such as \"25%%\", got %s", kindName(n))
		}
		if err := decimalRate(n.Value); err != nil {
			return 0, at.errorf("want a percent such as \"25%%\": %s", numparse.Explain(strings.TrimSpace(n.Value), err))
		}
		x, _, err := data.ParseRate(n.Value, true)
		if err != nil {
			return 0, at.errorf("want a percent such as \"25%%\", got %q", n.Value)
		}
		return x, nil
	}
	x, err := p.number(n, path)
	if err != nil {
		return 0, err
	}
	if pct {
		if y, _, err := data.ParseRate(n.Value, true); err == nil {
			return y, nil // exact: the decimal point moved, not divided
		}
		return x / 100, nil // YAML number forms ParseRate does not read (0x19)
	}
	if data.TooHighForDecimal(x) || (signed && data.TooHighForDecimal(-x)) {
		// Both readings of the number: a percent written as a decimal
		// (1.45 for 1.45%), or a rate over 100% (145%), which has no
		// decimal form here.
		return 0, at.errorf("%s %s, %s_pct: %s or \"%s%%\"; for %s%% write %s_pct: %s", key, data.DecimalHint(x), key, n.Value, n.Value,
			data.PercentText(x), key, data.PercentText(x))
	}
	return x, nil
}

// rateForm splits a form key into its base key and whether it is the
// percent form: "rate_pct" → "rate", true.
func rateForm(form string) (string, bool) {
	base, pct := strings.CutSuffix(form, "_pct")
	return base, pct
}
