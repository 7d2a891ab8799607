// Each test starts its own hall-server and Chromium; on two shared cores they run one at a time.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
