package model

// workspace holds every buffer one solve needs, so that the iteration loop
// allocates nothing. Workspaces are pooled per Baseline.
type workspace struct {
	A, T, B, U []float64 // per-scenario kernels in layout (s*N+j)*N+i
	hasT, hasU bool

	cth        []float64 // c_i^(−θ_s) at s*N+i
	sumL       []float64 // Σ_i Λ_ij,s at s*N+j
	v          []float64 // α_j,s E'_j / Σ_i Λ_ij,s at s*N+j
	dem, outl  []float64 // demand for i's output; i's subsidy outlay
	slope      []float64 // the diagonal Newton slopes of the last evaluation (wages, then Krugman's incomes)
	slopeHeld  []float64 // slopes kept between refreshes in a cold solve
	dsum       []float64 // Σ θ X'(1−λ'): minus the own-wage elasticity of demand, times demand
	Yn, En, Dn []float64
	Dbase      []float64 // D' the closure alone would set (before targets and their spread)
	lnP, rho   []float64
	tauHat     []float64
	absorb     []float64
	target     []float64
	wt         []float64 // weights for spreading the deficit residual
	rowSum     []float64 // Σ_i X'_ij: importer j's purchases, all sources

	prepared bool  // A, T, B hold the baseline kernels except at dirty
	dirty    []int // kernel entries the last prepare changed

	io           *ioWork      // IO buffers; nil without input–output linkages
	kr           *krugmanWork // Krugman tables, allocated by the first Krugman solve
	x, g, f, xn  []float64
	xGood, gGood []float64 // the last state that evaluated, and its map value
	f32          []float32 // the residual in single precision, for a single-precision J⁻¹ (allocated by its first use)
	acc          *anderson
	ratioScale   float64 // the world factor s of the ratio closure
}

func (b *Baseline) getWorkspace(dim int) *workspace {
	if w, ok := b.pool.Get().(*workspace); ok && len(w.x) == dim {
		return w
	}
	N, S := b.N, b.S
	nn := N * N * S
	var iw *ioWork
	if b.io != nil {
		iw = newIOWork(N, S)
	}
	return &workspace{io: iw,
		A: make([]float64, nn), T: make([]float64, nn), B: make([]float64, nn),
		cth: make([]float64, N*S), sumL: make([]float64, N*S), v: make([]float64, N*S),
		dem: make([]float64, N), outl: make([]float64, N), dsum: make([]float64, N), slope: make([]float64, 2*N), slopeHeld: make([]float64, 2*N),
		Yn: make([]float64, N), En: make([]float64, N), Dn: make([]float64, N), Dbase: make([]float64, N),
		lnP: make([]float64, N), rho: make([]float64, N), tauHat: make([]float64, N),
		absorb: make([]float64, N), target: make([]float64, N), wt: make([]float64, N), rowSum: make([]float64, N),
		x: make([]float64, dim), g: make([]float64, dim), f: make([]float64, dim), xn: make([]float64, dim),
		xGood: make([]float64, dim), gGood: make([]float64, dim),
		acc: newAnderson(andersonMemory, dim),
	}
}
