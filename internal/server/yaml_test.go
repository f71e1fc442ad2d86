package server

import (
	"net/http/httptest"

	"go.yaml.in/yaml/v3"
)

func yamlUnmarshal(b []byte, v any) error { return yaml.Unmarshal(b, v) }

func newHTTPTest(s *Server) *httptest.Server { return httptest.NewServer(s.Handler()) }
