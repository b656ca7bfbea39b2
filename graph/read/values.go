package read

import (
	"slices"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/diplograph/diplograph/graph/model"
)

// Helpers that read a property of a record map as the Go type the model
// wants, tolerating absent and null properties.

func str(m map[string]any, k string) string {
	s, _ := m[k].(string)
	return s
}

func optStr(m map[string]any, k string) *string {
	s, ok := m[k].(string)
	if !ok || s == "" {
		return nil
	}
	return &s
}

func optInt(m map[string]any, k string) *int {
	switch v := m[k].(type) {
	case int64:
		n := int(v)
		return &n
	case float64:
		n := int(v)
		return &n
	}
	return nil
}

func intOr0(m map[string]any, k string) int {
	if p := optInt(m, k); p != nil {
		return *p
	}
	return 0
}

func optFloat(m map[string]any, k string) *float64 {
	switch v := m[k].(type) {
	case float64:
		return &v
	case int64:
		f := float64(v)
		return &f
	}
	return nil
}

func boolean(m map[string]any, k string) bool {
	b, _ := m[k].(bool)
	return b
}

func strs(v any) []string {
	l, _ := v.([]any)
	out := make([]string, 0, len(l))
	for _, x := range l {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func mapOf(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func maps(v any) []map[string]any {
	l, _ := v.([]any)
	out := make([]map[string]any, 0, len(l))
	for _, x := range l {
		if m, ok := x.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

// optDate reads a Neo4j Date, or a YYYY-MM-DD string as offices keep them.
func optDate(m map[string]any, k string) *model.Date {
	var s string
	switch v := m[k].(type) {
	case dbtype.Date:
		s = v.Time().Format(time.DateOnly)
	case time.Time:
		s = v.Format(time.DateOnly)
	case string:
		s = v
	}
	if s == "" {
		return nil
	}
	d := model.Date(s)
	return &d
}

func optTime(m map[string]any, k string) *time.Time {
	switch v := m[k].(type) {
	case time.Time:
		return &v
	case dbtype.LocalDateTime:
		t := v.Time()
		return &t
	case dbtype.Date:
		t := v.Time()
		return &t
	}
	return nil
}

// aliases joins the " | "-separated alias properties.
func aliases(m map[string]any) []string {
	var out []string
	for _, k := range []string{"aliases_en", "aliases_ar"} {
		for a := range strings.SplitSeq(str(m, k), "|") {
			if a = strings.TrimSpace(a); a != "" && !slices.Contains(out, a) {
				out = append(out, a)
			}
		}
	}
	if out == nil {
		out = []string{}
	}
	return out
}
