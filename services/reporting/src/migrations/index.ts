import { Initial1763798400000 } from './1763798400000-initial';
import { RowLevelSecurity1795720000000 } from './1795720000000-row-level-security';
import { ReadModels1796100000000 } from './1796100000000-read-models';
import { PortfolioSnapshots1796200000000 } from './1796200000000-portfolio-snapshots';
import { ChildrenIndexes1796300000000 } from './1796300000000-children-indexes';

/** Oldest first; never edit one that has landed. */
export const REPORTING_MIGRATIONS = [
  Initial1763798400000,
  RowLevelSecurity1795720000000,
  ReadModels1796100000000,
  PortfolioSnapshots1796200000000,
  ChildrenIndexes1796300000000,
];
