package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/diplograph/diplograph/graph/model"
)

// errPanic marks a recovered panic; the presenter hides it like any
// internal error.
var errPanic = errors.New("panic in resolver")

// presenter shows clients what they can act on (their input, their key,
// the time limit) and nothing of Cypher or the driver: those are logged
// with the request id, which the client gets instead.
func presenter(log *slog.Logger, m *metrics) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		g := graphql.DefaultErrorPresenter(ctx, err)
		code := ""
		var (
			in  *model.InputError
			pub *publicError
			gql *gqlerror.Error
			n4j *neo4j.Neo4jError
		)
		switch {
		case errors.As(err, &pub):
			g.Message, code = pub.msg, pub.code
		case errors.As(err, &in):
			g.Message, code = in.Msg, "BAD_USER_INPUT"
		case errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded) ||
			errors.As(err, &n4j) && strings.HasPrefix(n4j.Code, "Neo.ClientError.Transaction.TransactionTimedOut"):
			// the request's deadline passed, whichever layer noticed first
			g.Message, code = fmt.Sprintf("the request took too long and was stopped (request id %s)", requestID(ctx)), "TIMEOUT"
			log.Warn("request timed out", "request", requestID(ctx), "path", g.Path.String(), "err", err)
		case errors.Is(err, context.Canceled):
			g.Message, code = "the request was cancelled", "CANCELLED"
		case errors.As(err, &gql) && gql.Err == nil:
			// gqlgen's own errors: parsing, validation, arguments, limits
			if c, ok := gql.Extensions["code"].(string); ok {
				code = c
			}
		default:
			log.Error("internal error", "request", requestID(ctx), "path", g.Path.String(), "err", err)
			g.Message, code = fmt.Sprintf("internal error (request id %s)", requestID(ctx)), "INTERNAL"
		}
		if code != "" {
			if g.Extensions == nil {
				g.Extensions = map[string]any{}
			}
			g.Extensions["code"] = code
		}
		g.Err = nil
		m.errors.WithLabelValues(rootFieldName(ctx), code).Inc()
		return g
	}
}

// recoverer logs a panic with its stack and lets the request finish with
// an internal error, so one bad resolver does not take the server down.
func recoverer(log *slog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, v any) error {
		log.Error("panic", "request", requestID(ctx), "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
		return errPanic
	}
}
