"""Pure rules: no boto3, no clock reads, no environment reads. Time is always passed in."""
