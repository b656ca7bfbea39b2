package graph

import (
	"context"
	"fmt"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// depthLimit refuses operations whose selections nest deeper than max
// fields, before anything runs. Introspection fields are not counted: their
// depth is bounded by the schema, and the token limit bounds the rest.
type depthLimit struct{ max int }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = depthLimit{}

func (depthLimit) ExtensionName() string                          { return "DepthLimit" }
func (depthLimit) Validate(schema graphql.ExecutableSchema) error { return nil }

func (d depthLimit) MutateOperationContext(ctx context.Context, op *graphql.OperationContext) *gqlerror.Error {
	if op.Operation == nil {
		return nil
	}
	if n := depth(op.Operation.SelectionSet, 0, d.max); n > d.max {
		err := gqlerror.Errorf("operation nests %d fields deep or more, over the limit of %d", n, d.max)
		err.Extensions = map[string]any{"code": "DEPTH_LIMIT_EXCEEDED"}
		return err
	}
	return nil
}

// depth returns the depth of ss below a field at level; it stops counting
// past limit so that a huge document costs no more than needed.
func depth(ss ast.SelectionSet, level, limit int) int {
	deepest := level
	if level > limit {
		return level
	}
	for _, s := range ss {
		var d int
		switch s := s.(type) {
		case *ast.Field:
			if strings.HasPrefix(s.Name, "__") {
				continue
			}
			d = depth(s.SelectionSet, level+1, limit)
		case *ast.InlineFragment:
			d = depth(s.SelectionSet, level, limit)
		case *ast.FragmentSpread:
			if s.Definition == nil {
				continue
			}
			d = depth(s.Definition.SelectionSet, level, limit)
		default:
			panic(fmt.Sprintf("unknown selection %T", s))
		}
		deepest = max(deepest, d)
	}
	return deepest
}
