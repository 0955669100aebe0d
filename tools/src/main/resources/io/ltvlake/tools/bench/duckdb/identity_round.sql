-- one round of min-label propagation with pointer jumping (common/identity/IdentityGraph)
CREATE OR REPLACE TABLE identity_next AS
WITH candidates AS (
    SELECT n.src AS node, min(l.label) AS candidate
    FROM identity_neighbours n JOIN identity_labels l ON n.dst = l.node GROUP BY n.src),
propagated AS (
    SELECT l.node, least(l.label, c.candidate) AS label FROM identity_labels l JOIN candidates c USING (node))
SELECT a.node, b.label FROM propagated a JOIN propagated b ON a.label = b.node;
