// Command bank moves money between account actors with concurrent
// transfers, and checks at the end that no money was lost or created.
//
// Each account is an actor that owns its balance. A teller actor runs each
// transfer as two requests: it asks the source account for a withdrawal,
// and, once that succeeds, asks the destination for the deposit. It never
// blocks its worker while waiting: actor.Await runs the next step inside
// the teller when the reply arrives, and futures.PipeTo turns the
// deposit's reply into an ordinary message for the teller. Many
// transfers are in flight at once, across several tellers, and some fail
// for lack of funds; the total stays the same.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"os"
	"time"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/futures"
)

// errInsufficient is the reason a withdrawal is refused.
var errInsufficient = errors.New("insufficient funds")

// accountOp is a request to an account: a positive Amount deposits, a
// negative one withdraws, zero asks for the balance. The reply is the
// balance afterwards.
type accountOp struct {
	Amount int
	Reply  futures.Promise[int]
}

func account(initial int) func(*actor.Context[accountOp], accountOp) {
	balance := initial
	return func(_ *actor.Context[accountOp], op accountOp) {
		if balance+op.Amount < 0 {
			_ = op.Reply.Reject(errInsufficient)
			return
		}
		balance += op.Amount
		_ = op.Reply.Resolve(balance)
	}
}

// tellerMsg is what a teller handles: a transfer to run, or the outcome
// of a deposit it made for one.
type tellerMsg interface{ tellerMsg() }

type transfer struct {
	From, To actor.Ref[accountOp]
	Amount   int
	Done     futures.Promise[struct{}]
}

type deposited struct {
	t   transfer
	err error
}

func (transfer) tellerMsg()  {}
func (deposited) tellerMsg() {}

func ask(to actor.Ref[accountOp], amount int) futures.Future[int] {
	return futures.Ask(to, func(p futures.Promise[int]) accountOp {
		return accountOp{Amount: amount, Reply: p}
	}, time.Second)
}

func teller(ctx *actor.Context[tellerMsg], m tellerMsg) {
	switch m := m.(type) {
	case transfer:
		actor.Await(ctx, ask(m.From, -m.Amount), func(_ int, err error) {
			if err != nil {
				_ = m.Done.Reject(err)
				return
			}
			futures.PipeTo(ask(m.To, m.Amount), ctx.Self(), func(_ int, err error) tellerMsg {
				return deposited{t: m, err: err}
			})
		})
	case deposited:
		if m.err != nil { // give the money back rather than lose it
			actor.Await(ctx, ask(m.t.From, m.t.Amount), func(_ int, err error) {
				_ = m.t.Done.Reject(errors.Join(m.err, err))
			})
			return
		}
		_ = m.t.Done.Resolve(struct{}{})
	}
}

func run(w io.Writer, accounts, tellers, transfers int, seed uint64) error {
	sys, err := actor.NewSystem()
	if err != nil {
		return err
	}
	defer sys.Shutdown(context.Background())

	const initial = 1000
	acct := make([]actor.Ref[accountOp], accounts)
	for i := range acct {
		if acct[i], err = actor.SpawnFunc(sys, account(initial)); err != nil {
			return err
		}
	}
	tell := make([]actor.Ref[tellerMsg], tellers)
	for i := range tell {
		if tell[i], err = actor.SpawnFunc(sys, teller); err != nil {
			return err
		}
	}

	// Start every transfer at once; all of them are in flight together.
	rng := rand.New(rand.NewPCG(seed, seed))
	done := make([]futures.Future[struct{}], transfers)
	for i := range done {
		from, to := rng.IntN(accounts), rng.IntN(accounts-1)
		if to >= from {
			to++
		}
		p, f := futures.NewPromise[struct{}]()
		done[i] = f
		t := transfer{From: acct[from], To: acct[to], Amount: 1 + rng.IntN(initial/10), Done: p}
		if err := tell[i%tellers].Send(t); err != nil {
			return err
		}
	}
	var ok, refused int
	results, err := futures.AllSettled(done...).Await(context.Background())
	if err != nil {
		return err
	}
	for _, r := range results {
		switch {
		case r.Err == nil:
			ok++
		case errors.Is(r.Err, errInsufficient):
			refused++
		default:
			return fmt.Errorf("transfer failed: %w", r.Err)
		}
	}

	balances := make([]futures.Future[int], accounts)
	for i, a := range acct {
		balances[i] = ask(a, 0)
	}
	all, err := futures.All(balances...).Await(context.Background())
	if err != nil {
		return err
	}
	total := 0
	for _, b := range all {
		total += b
	}
	fmt.Fprintf(w, "%d accounts, %d tellers, %d transfers: %d done, %d refused for lack of funds\n",
		accounts, tellers, transfers, ok, refused)
	fmt.Fprintf(w, "total before: %d, total after: %d\n", accounts*initial, total)
	if total != accounts*initial {
		return fmt.Errorf("money was %s", map[bool]string{true: "created", false: "lost"}[total > accounts*initial])
	}
	return nil
}

func main() {
	if err := run(os.Stdout, 10, 4, 20000, 1); err != nil {
		log.Fatal(err)
	}
}
