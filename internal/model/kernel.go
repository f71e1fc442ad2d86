package model

// The two N² passes of an iteration, written with four partial sums so that
// the additions do not wait on each other (a single running sum is bound by
// the latency of one add per element; four independent chains run at the
// throughput of the multiply-adds instead).

// dot returns Σ a[i]·c[i].
func dot(a, c []float64) float64 {
	c = c[:len(a)]
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += a[i] * c[i]
		s1 += a[i+1] * c[i+1]
		s2 += a[i+2] * c[i+2]
		s3 += a[i+3] * c[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * c[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// dot2 returns Σ a[i]·c[i] and Σ b[i]·c[i] in one pass.
func dot2(a, b, c []float64) (float64, float64) {
	b, c = b[:len(a)], c[:len(a)]
	var s0, s1, s2, s3, t0, t1, t2, t3 float64
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += a[i] * c[i]
		s1 += a[i+1] * c[i+1]
		s2 += a[i+2] * c[i+2]
		s3 += a[i+3] * c[i+3]
		t0 += b[i] * c[i]
		t1 += b[i+1] * c[i+1]
		t2 += b[i+2] * c[i+2]
		t3 += b[i+3] * c[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * c[i]
		t0 += b[i] * c[i]
	}
	return (s0 + s1) + (s2 + s3), (t0 + t1) + (t2 + t3)
}

// scatter adds v·B[i]·c[i] to dem[i] for every i and returns their sum.
func scatter(dem, B, c []float64, v float64) float64 {
	dem, c = dem[:len(B)], c[:len(B)]
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(B); i += 4 {
		x0 := B[i] * c[i] * v
		x1 := B[i+1] * c[i+1] * v
		x2 := B[i+2] * c[i+2] * v
		x3 := B[i+3] * c[i+3] * v
		dem[i] += x0
		dem[i+1] += x1
		dem[i+2] += x2
		dem[i+3] += x3
		s0 += x0
		s1 += x1
		s2 += x2
		s3 += x3
	}
	for ; i < len(B); i++ {
		x := B[i] * c[i] * v
		dem[i] += x
		s0 += x
	}
	return (s0 + s1) + (s2 + s3)
}

// scatterSlope is scatter that also adds to dsum[i] the own-wage
// elasticity term x·θ·(1 − λ'_i) of each addition x, λ'_i = A[i]·c[i]·inv.
func scatterSlope(dem, dsum, B, A, c []float64, v, th, inv float64) float64 {
	n := len(B)
	dem, dsum, A, c = dem[:n], dsum[:n], A[:n], c[:n]
	var s0, s1 float64
	i := 0
	for ; i+2 <= n; i += 2 {
		x0 := B[i] * c[i] * v
		x1 := B[i+1] * c[i+1] * v
		dem[i] += x0
		dem[i+1] += x1
		dsum[i] += x0 * th * (1 - A[i]*c[i]*inv)
		dsum[i+1] += x1 * th * (1 - A[i+1]*c[i+1]*inv)
		s0 += x0
		s1 += x1
	}
	for ; i < n; i++ {
		x := B[i] * c[i] * v
		dem[i] += x
		dsum[i] += x * th * (1 - A[i]*c[i]*inv)
		s0 += x
	}
	return s0 + s1
}

// dot32 is dot with a single-precision first operand.
func dot32(a []float32, c []float64) float64 {
	c = c[:len(a)]
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += float64(a[i]) * c[i]
		s1 += float64(a[i+1]) * c[i+1]
		s2 += float64(a[i+2]) * c[i+2]
		s3 += float64(a[i+3]) * c[i+3]
	}
	for ; i < len(a); i++ {
		s0 += float64(a[i]) * c[i]
	}
	return (s0 + s1) + (s2 + s3)
}
