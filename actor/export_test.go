package actor

import "unsafe"

// IdleActorSize is the size of an actor's state, which is all that an
// idle actor spawned with SpawnFunc holds: its allocation's size class
// is what package doc's "about 128 bytes" stands for.
const IdleActorSize = unsafe.Sizeof(proc[int]{})

// MaxHosts is how many Hosts may be open at once with a number, which
// RaiseHere needs to run a turn on its Host.
const MaxHosts = maxHosts
