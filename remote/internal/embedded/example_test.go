package embedded_test

import (
	"fmt"
	"log"
	"time"

	"github.com/actorio/actorio/remote/internal/embedded"
	"github.com/nats-io/nats.go"
)

func Example() {
	s, err := embedded.Start(embedded.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer s.Shutdown()

	nc, err := nats.Connect(s.ClientURL())
	if err != nil {
		log.Fatal(err)
	}
	defer nc.Close()
	sub, _ := nc.SubscribeSync("greet")
	_ = nc.Publish("greet", []byte("hello"))
	msg, err := sub.NextMsg(time.Second)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(msg.Data))
	// Output: hello
}
