-- Leadership among several instances on one PostgreSQL (issue 12). The leader holds a session advisory lock; when it takes
-- the lock it raises epoch here. Every write transaction of the leader first reads this row FOR SHARE and refuses to go on
-- when the epoch is no longer its own (a fencing token): a leader paused past the loss of its lock cannot record a round or
-- a push step after another instance took over.
CREATE TABLE leases (
    name   text COLLATE "C" PRIMARY KEY,
    epoch  bigint NOT NULL,
    holder text COLLATE "C" NOT NULL,  -- host name and process id, for the operator
    since  bigint NOT NULL             -- unix ms when it was taken
);
