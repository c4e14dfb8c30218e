// One virtual reader (Virtual PCD 00 00) is one card slot: the tests take turns (one collection, no parallelism).
[assembly: CollectionBehavior(DisableTestParallelization = true, MaxParallelThreads = 1)]
