package io.ltvlake.jobs.gold.associated_conversions;

import io.ltvlake.common.testing.LakeSeeds;
import io.ltvlake.jobs.TestJobs;
import io.ltvlake.jobs.gold.shared.LeadsConfig;
import io.ltvlake.jobs.gold.shared.Leads;
import io.ltvlake.jobs.silver.CallsConfig;
import io.ltvlake.jobs.silver.SilverTables;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * gold.leads for job tests that seed the touches, sessions and calls by hand instead of running
 * attribution: the rows attribution would write from them, by the same shared definition.
 */
public final class LeadSeeds {

    private LeadSeeds() {}

    public static void fromSeededTouches(TestJobs t) {
        Dataset<Row> touches = t.lake.read(AssociatedConversionsTables.TOUCHES);
        Dataset<Row> webLeads = Leads.webLeads(t.lake.read(SilverTables.SESSIONS), touches,
                t.settings.section(LeadsConfig.class).webLead(), t.settings.section(CallsConfig.class).uniquenessDays());
        LakeSeeds.seed(t.lake, AssociatedConversionsTables.LEADS, Leads.leads(touches, t.lake.read(SilverTables.CALLS), webLeads));
    }
}
