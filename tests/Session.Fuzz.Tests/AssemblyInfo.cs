// One thing at a time: the afl campaign and the real hall servers share two cores with everything else.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
