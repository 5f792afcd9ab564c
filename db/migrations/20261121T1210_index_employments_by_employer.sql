-- The billing run walks employers in id order and reads every employment of a chunk of employers,
-- ended ones included (someone who left mid-month is still billed for it); the partial index on open
-- employments cannot serve that.
create index employments_employer_all_idx on employments (employer_id, started_on);
