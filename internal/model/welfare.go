package model

// Welfare: the change in real income of DESIGN §3. With inelastic labour it
// is real spending Ê/P̂. With elastic labour the household's utility is
//
//	U = C − κ/(κ+1)·L^((1+κ)/κ),  L^(1/κ) = n·w/P,
//
// where n is the net-of-tax factor on labour income and C = E/P (all
// spending — private, of the tariff revenue and of the deficit — is
// consumption). Substituting the labour supply, L^((1+κ)/κ) = n·wL/P, so
//
//	U = (E − k·n·Y)/P,  k = κ/(1+κ), Y = wL,
//
// and the exact change is
//
//	Û = (E·Ê − k·n'·Y·Ŷ) / (E − k·n·Y) / P̂.
//
// Levels of n: under `income_tax` the counterfactual's tariff revenue funds
// the labour-income tax that the baseline levies, so the counterfactual
// net factor is normalised to n' = 1 and the baseline one is n = 1/τ̂
// (τ̂ = n'/n is the factor of the labour-supply condition, see
// taxFactors). With no baseline tariffs this is the setting of Ignatenko,
// Lashkaripour, Macedoni & Simonovska (2025): the baseline tax τ = R'/Y'
// is replaced by the tariff revenue. Under `lump_sum` n = n' = 1.
//
// Writing δ = E/(E − k·n·Y), the exact change is
//
//	Û = δ·Ê/P̂ + (1 − δ)·τ̂·ŵL̂/P̂.
//
// The published formula (ILMS2025Welfare) has the same δ but leaves τ̂
// out of the second term; it is first-order wrong when the tax changes:
// replacing an income tax τ by non-distortionary revenue, with prices
// unchanged, gains only the Harberger triangle κ(1+κ)τ²/2 exactly, while
// the published formula gives about κτ. docs/welfare.md has the
// derivation and the example.

// welfareChange returns Ŵ for one country. E and Y are baseline spending
// and labour income; eHat, yHat (= ŵL̂) and pHat the changes; tauHat the
// change of the net-of-tax factor (1 under lump-sum rebates) and tax1 the
// counterfactual revenue share R'/Y' that funds it (0 under lump-sum
// rebates); transfer is subtracted from counterfactual spending (0 for the
// welfare including every transfer). With κ = 0 every measure is real
// spending.
func welfareChange(m WelfareMeasure, kappa, E, Y, eHat, yHat, pHat, tauHat, tax1, transfer float64) float64 {
	spend := (E*eHat - transfer) / E / pHat
	if kappa == 0 {
		return spend
	}
	k := kappa / (1 + kappa)
	if m == ILMS2025Welfare {
		// As published: δ with the baseline tax equal to the counterfactual
		// revenue share, and no τ̂ in the second term.
		delta := E / (E - k*(1-tax1)*Y)
		return delta*spend + (1-delta)*yHat/pHat
	}
	delta := E / (E - k*Y/tauHat)
	return delta*spend + (1-delta)*tauHat*yHat/pHat
}
