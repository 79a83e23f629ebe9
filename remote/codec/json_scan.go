package codec

import (
	"bytes"
	"fmt"
)

// scanJSON checks the shape of data before json.Unmarshal decodes it:
// arrays and objects nest at most maxDepth deep, and none has more than
// maxElems elements or members. encoding/json has no such limits of its
// own (only a nesting limit of 10000), and a value with a million tiny
// elements would make it allocate for each.
//
// The scan is a single pass that tracks only whether it is inside a
// string and, per open container, how many commas it has seen; it jumps
// over strings with bytes.IndexByte. It does not validate the JSON,
// json.Unmarshal does, but on valid JSON its counts are exact, so a
// message cannot slip past it. It allocates nothing unless maxDepth is
// over 32.
func scanJSON(data []byte, maxDepth, maxElems int) error {
	var stack [32]int
	commas := stack[:0] // commas seen in each open container
	for i := 0; i < len(data); i++ {
		switch data[i] {
		case '"':
			i = stringEnd(data, i+1)
		case '[', '{':
			if len(commas) == maxDepth {
				return fmt.Errorf("codec: json: exceeded max nested level %d at offset %d", maxDepth, i)
			}
			commas = append(commas, 0)
		case ']', '}':
			if len(commas) > 0 {
				commas = commas[:len(commas)-1]
			}
		case ',':
			if top := len(commas) - 1; top >= 0 {
				commas[top]++
				if commas[top] >= maxElems {
					return fmt.Errorf("codec: json: exceeded max number of elements %d at offset %d", maxElems, i)
				}
			}
		}
	}
	return nil
}

// stringEnd returns the index of the quote that closes the JSON string
// whose contents start at data[i], or len(data) if none does. A quote is
// escaped if an odd number of backslashes precede it.
func stringEnd(data []byte, i int) int {
	for {
		q := bytes.IndexByte(data[i:], '"')
		if q < 0 {
			return len(data)
		}
		q += i
		n := 0
		for n < q-i && data[q-1-n] == '\\' {
			n++
		}
		if n%2 == 0 {
			return q
		}
		i = q + 1
	}
}
