package mailbox_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/actorio/actorio/actor"
	"github.com/actorio/actorio/mailbox"
)

// A bounded mailbox that refuses what it has no room for.
func Example() {
	sys, _ := actor.NewSystem()
	defer sys.Shutdown(context.Background())

	release := make(chan struct{})
	slow, _ := actor.SpawnFunc(sys, func(_ *actor.Context[int], n int) { <-release },
		actor.WithMailbox(mailbox.Config{Capacity: 2, Overflow: mailbox.Fail}))

	var refused int
	for i := range 10 {
		if err := slow.Send(i); errors.Is(err, mailbox.ErrMailboxFull) {
			refused++
		}
	}
	close(release)
	// One message is being handled and two are queued, or two are
	// queued and one is being taken: at least 7 of 10 are refused.
	fmt.Println(refused >= 7)
	// Output: true
}
