// Command djharden takes a Django project from "works on my laptop" to a
// hardened production configuration: a wizard in the terminal, and the same
// engine without one (`check` for CI, `apply` for scripts).
package main

import (
	"os"
)

func main() {
	os.Exit(execute(os.Args[1:], systemIO()))
}
