// Command djharden takes a Django project from "works on my laptop" to a
// hardened production configuration: a wizard in the terminal, and the same
// engine without one (`check` for CI, `apply` for scripts).
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"time"
)

// interruptGrace is how long an interrupted command may take to stop on
// its own (a cancelled `manage.py check --deploy` reports back) before the
// process exits anyway: a prompt blocked reading the terminal never would.
// Writes are atomic, so no file is left half-written either way.
const interruptGrace = 2 * time.Second

func main() {
	// An interrupt (ctrl+c outside the wizard's raw mode, or a signal)
	// cancels the running command; it then exits 130.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	finished := make(chan struct{})
	go func() {
		select {
		case <-finished:
		case <-ctx.Done():
			select {
			case <-finished:
			case <-time.After(interruptGrace):
				fmt.Fprintln(os.Stderr, "\ndjharden: interrupted.")
				os.Exit(exitInterrupted)
			}
		}
	}()
	code := executeContext(ctx, os.Args[1:], systemIO())
	close(finished)
	stop()
	os.Exit(code)
}
