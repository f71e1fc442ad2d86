package executor_test

import (
	"testing"

	"github.com/tradebloc/tradebloc/internal/executor"
	"github.com/tradebloc/tradebloc/internal/executor/executortest"
)

func TestLocalConformance(t *testing.T) {
	t.Parallel()
	for _, n := range []int{1, 3} {
		executortest.Run(t, func(*testing.T) executor.Executor { return executor.Local{Workers: n} }, 1000*n)
	}
}
