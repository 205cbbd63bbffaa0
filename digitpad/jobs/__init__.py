"""Long jobs in a child process: the runner (jobs.runner) and the training jobs the window names
(jobs.training_jobs)."""
