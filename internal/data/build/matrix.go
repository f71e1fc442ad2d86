package build

import "slices"

// matrix is a square matrix of foreign flows over a fixed list of codes,
// exporter first (row a, column b = a's sales to b), in USD million. The
// diagonal is never used: domestic sales are set on the dataset later.
type matrix struct {
	codes []string
	index map[string]int
	v     []float64
}

func newMatrix(codes []string) *matrix {
	m := &matrix{codes: slices.Clone(codes), index: make(map[string]int, len(codes)), v: make([]float64, len(codes)*len(codes))}
	for i, c := range codes {
		m.index[c] = i
	}
	return m
}

func (m *matrix) n() int { return len(m.codes) }

// at is the flow from exporter a to importer b (0 for a code the matrix lacks).
func (m *matrix) at(a, b string) float64 {
	i, ok1 := m.index[a]
	j, ok2 := m.index[b]
	if !ok1 || !ok2 {
		return 0
	}
	return m.v[i*m.n()+j]
}

func (m *matrix) set(a, b string, x float64) { m.v[m.index[a]*m.n()+m.index[b]] = x }

func (m *matrix) clone() *matrix {
	c := *m
	c.v = slices.Clone(m.v)
	return &c
}

// totals returns each code's exports (row sums) and imports (column sums),
// off the diagonal.
func (m *matrix) totals() (x, im []float64) {
	n := m.n()
	x, im = make([]float64, n), make([]float64, n)
	for i := range n {
		for j := range n {
			if i != j {
				v := m.v[i*n+j]
				x[i] += v
				im[j] += v
			}
		}
	}
	return x, im
}

// totalsBy is totals keyed by code.
func (m *matrix) totalsBy() (x, im map[string]float64) {
	xs, ms := m.totals()
	x, im = make(map[string]float64, m.n()), make(map[string]float64, m.n())
	for i, c := range m.codes {
		x[c], im[c] = xs[i], ms[i]
	}
	return x, im
}
