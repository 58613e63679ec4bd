import type { ComponentChildren } from 'preact';
import { Fragment } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { downloadEvaluationCsv, request } from './api';
import {
  FundsAtRiskDocument,
  NodeSeriesDocument,
  NodeViewDocument,
  type AtRiskFragment,
  type DefinitionFragment,
  type FlowsFragment,
  type HeadFragment,
  type NodePortfolioFragment,
  type SeriesFragment,
} from './generated/graphql';
import {
  compareDecimal,
  formatAmount,
  formatCompact,
  formatCount,
  formatDay,
  formatHalfYear,
  formatMoney,
  formatMonth,
  formatRatio,
  halfYearOf,
  languagesFor,
  localeFor,
  monthsBefore,
  percentToRatio,
  type Lang,
  type Locale,
} from './format';
import { LABELS, LANGUAGE_NAMES, type Labels } from './labels';
import { PALETTE, draw, type ChartOption } from './charts';
import { nodeHref } from './app';

type View = HeadFragment & { portfolio: NodePortfolioFragment | null };

interface Props {
  id: string;
  token: string;
  scopeNodeId: string | null;
  locale: Locale;
  onLocale: (locale: Locale) => void;
  onError: (error: unknown) => void;
}

const LANG_KEY = 'funds-dashboard-lang';

/** The language chosen for a calendar's nodes (kept for the tab), else the country's own. */
function chosenLanguage(calendar: SeriesFragment['calendar']): Lang {
  const offered = languagesFor(calendar);
  const kept = sessionStorage.getItem(`${LANG_KEY}-${calendar}`) as Lang | null;
  return kept && offered.includes(kept) ? kept : offered[0];
}

/**
 * One node of the network: its headline figures, its children (table and bar chart), its months,
 * the funds under it above a PAR30 threshold and its evaluation report as CSV. Figures are read
 * first (the portfolio today in the node's country), then the twelve months up to that day.
 */
export function NodePage({ id, token, scopeNodeId, locale, onLocale, onError }: Props) {
  const [view, setView] = useState<View | null | undefined>(undefined);
  const [series, setSeries] = useState<SeriesFragment | null>(null);
  const [flows, setFlows] = useState<FlowsFragment | null>(null);

  useEffect(() => {
    let live = true;
    (async () => {
      const data = await request(NodeViewDocument, { id }, token);
      const node = data.node && 'portfolio' in data.node ? (data.node as View) : null;
      if (!live) return;
      if (!node?.portfolio) {
        setView(null);
        return;
      }
      const asOf = node.portfolio.asOf;
      const months = await request(NodeSeriesDocument, { id, from: monthsBefore(asOf, 11), to: asOf }, token);
      const found = months.node && 'portfolioSeries' in months.node ? months.node : null;
      if (!live) return;
      const calendar = found?.portfolioSeries?.calendar;
      if (calendar) onLocale(localeFor(chosenLanguage(calendar), calendar));
      setSeries(found?.portfolioSeries ?? null);
      setFlows(found?.flows ?? null);
      setView(node);
    })().catch((error: unknown) => {
      if (live) onError(error);
    });
    return () => {
      live = false;
    };
  }, [id, token]);

  const labels = LABELS[locale.lang];
  if (view === undefined) return <p class="loading">{labels.loading}</p>;
  if (view === null || !view.portfolio)
    return (
      <p class="problem" role="alert" data-not-found={id}>
        {labels.notFound}
      </p>
    );
  const portfolio = view.portfolio;
  const setLanguage = (lang: Lang) => {
    sessionStorage.setItem(`${LANG_KEY}-${locale.calendar}`, lang);
    onLocale(localeFor(lang, locale.calendar));
  };
  return (
    <main class="node" data-node={view.id} data-level={view.level}>
      <Breadcrumbs view={view} scopeNodeId={scopeNodeId} labels={labels} />
      <div class="node-head">
        <h2>
          <span class="level">{labels.levels[view.level] ?? view.level}</span> <span class="node-name">{view.name}</span>
        </h2>
        <p class="as-of">
          {labels.asOf} <time dateTime={portfolio.asOf}>{formatDay(portfolio.asOf, locale)}</time>
        </p>
        <label class="language">
          {labels.language}{' '}
          <select value={locale.lang} onChange={(event) => setLanguage(event.currentTarget.value as Lang)}>
            {languagesFor(locale.calendar).map((lang) => (
              <option key={lang} value={lang}>
                {LANGUAGE_NAMES[lang]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Headline figures={portfolio} flows={flows} locale={locale} labels={labels} />
      <Children portfolio={portfolio} locale={locale} labels={labels} />
      <Trends series={series} locale={locale} labels={labels} />
      {view.level !== 'GROUP' && <AtRisk id={view.id} token={token} series={series} locale={locale} labels={labels} onError={onError} />}
    </main>
  );
}

function Breadcrumbs({ view, scopeNodeId, labels }: { view: View; scopeNodeId: string | null; labels: Labels }) {
  // Above the viewer's scope node the ancestors are names only: their figures are not the viewer's to read.
  const scopeAt = scopeNodeId === null ? 0 : view.ancestry.findIndex((a) => a.id === scopeNodeId);
  return (
    <nav class="crumbs" aria-label="breadcrumbs">
      <ol>
        {scopeNodeId === null && (
          <li>
            <a href="#/">{labels.network}</a>
          </li>
        )}
        {view.ancestry.map((a, index) => (
          <li key={a.id}>{scopeAt >= 0 && index >= scopeAt ? <a href={nodeHref(a.id)}>{a.name}</a> : <span>{a.name}</span>}</li>
        ))}
        <li aria-current="page">{view.name}</li>
      </ol>
    </nav>
  );
}

function Definition({ definition }: { definition: DefinitionFragment }) {
  return (
    <span class="info" tabIndex={0} data-definition={definition.name} aria-label={`${definition.name} v${definition.version}`}>
      i
      <span class="tip" role="tooltip">
        <strong>
          {definition.name} v{definition.version}
        </strong>{' '}
        {definition.description}
      </span>
    </span>
  );
}

interface CardProps {
  figure: string;
  label: string;
  currency?: string;
  value: string;
  raw: string;
  definition: DefinitionFragment;
  extra?: ComponentChildren;
}

function Card({ figure, label, currency, value, raw, definition, extra }: CardProps) {
  return (
    <div class="card" data-figure={figure} data-currency={currency} data-value={raw}>
      <h3>
        {label} <Definition definition={definition} />
      </h3>
      <p class="value">{value}</p>
      {extra}
    </div>
  );
}

/** A second figure under a card's own, with its definition. */
function Line({ figure, text, raw, definition }: { figure: string; text: string; raw: string; definition?: DefinitionFragment }) {
  return (
    <p class="split" data-figure={figure} data-value={raw}>
      {text} {definition && <Definition definition={definition} />}
    </p>
  );
}

interface HeadlineProps {
  figures: NodePortfolioFragment;
  flows: FlowsFragment | null;
  locale: Locale;
  labels: Labels;
}

function Headline({ figures, flows, locale, labels }: HeadlineProps) {
  const m = figures.members;
  const count = (n: number) => formatCount(n, locale);
  return (
    <section class="headline" aria-label="headline">
      {figures.currencies.map((c) => {
        const flow = flows?.currencies.find((f) => f.currency === c.currency);
        return (
          <Fragment key={c.currency}>
            <Card
              figure="grossLoanPortfolio"
              currency={c.currency}
              label={labels.grossLoanPortfolio}
              value={formatMoney(c.grossLoanPortfolio.value.amount, c.currency, locale)}
              raw={c.grossLoanPortfolio.value.amount}
              definition={c.grossLoanPortfolio.definition}
              extra={
                <Line
                  figure="activeBorrowers"
                  text={`${count(c.activeBorrowers.value)} ${labels.activeBorrowers}`}
                  raw={String(c.activeBorrowers.value)}
                  definition={c.activeBorrowers.definition}
                />
              }
            />
            <Card
              figure="par30"
              currency={c.currency}
              label={`${labels.par30} (PAR30)`}
              value={formatRatio(c.par30.ratio, locale)}
              raw={c.par30.ratio ?? ''}
              definition={c.par30.definition}
            />
            {flow && (
              <Card
                figure="onTimeRepaymentRate"
                currency={c.currency}
                label={`${labels.repaymentRate} (${labels.lastTwelveMonths})`}
                value={formatRatio(flow.onTimeRepaymentRate.ratio, locale)}
                raw={flow.onTimeRepaymentRate.ratio ?? ''}
                definition={flow.onTimeRepaymentRate.definition}
                extra={
                  <Line
                    figure="collectionRate"
                    text={`${labels.collectionRate}: ${formatRatio(flow.collectionRate.ratio, locale)}`}
                    raw={flow.collectionRate.ratio ?? ''}
                    definition={flow.collectionRate.definition}
                  />
                }
              />
            )}
            <Card
              figure="savingsBalance"
              currency={c.currency}
              label={labels.savings}
              value={formatMoney(c.savingsBalance.value.amount, c.currency, locale)}
              raw={c.savingsBalance.value.amount}
              definition={c.savingsBalance.definition}
              extra={
                <>
                  {flow && (
                    <Line
                      figure="savingsMobilised"
                      text={`${labels.savingsMobilised}: ${formatMoney(flow.savingsMobilised.value.amount, c.currency, locale)}`}
                      raw={flow.savingsMobilised.value.amount}
                      definition={flow.savingsMobilised.definition}
                    />
                  )}
                  {/* Savings groups keep their savings as shares. */}
                  {c.sharesBalance.value.amount !== '0' && (
                    <Line
                      figure="sharesBalance"
                      text={`${labels.shares}: ${formatMoney(c.sharesBalance.value.amount, c.currency, locale)}`}
                      raw={c.sharesBalance.value.amount}
                      definition={c.sharesBalance.definition}
                    />
                  )}
                </>
              }
            />
            <Card
              figure="partnerCapital"
              currency={c.currency}
              label={labels.partnerCapital}
              value={formatMoney(c.partnerCapital.value.amount, c.currency, locale)}
              raw={c.partnerCapital.value.amount}
              definition={c.partnerCapital.definition}
              extra={
                <Line
                  figure="loanFundUtilisation"
                  text={`${labels.loanFundUtilisation}: ${formatRatio(c.loanFundUtilisation.ratio, locale)}`}
                  raw={c.loanFundUtilisation.ratio ?? ''}
                  definition={c.loanFundUtilisation.definition}
                />
              }
            />
          </Fragment>
        );
      })}
      <Card
        figure="members"
        label={labels.members}
        value={count(m.active)}
        raw={String(m.active)}
        definition={m.definition}
        extra={
          <p class="split">
            <span data-figure="women" data-value={m.women}>
              {count(m.women)} {labels.women}
            </span>
            {/* A middle dot reads as a Persian zero (۰): Persian pages separate with a Persian comma. */}
            {locale.lang === 'fa' ? '، ' : ' · '}
            <span data-figure="men" data-value={m.active - m.women}>
              {count(m.active - m.women)} {labels.men}
            </span>
          </p>
        }
      />
      <Card
        figure="femaleHeadedHouseholds"
        label={labels.femaleHeaded}
        value={count(m.femaleHeadedHouseholds)}
        raw={String(m.femaleHeadedHouseholds)}
        definition={m.definition}
        extra={
          <>
            <Line figure="withDisability" text={`${count(m.withDisability)} ${labels.withDisability}`} raw={String(m.withDisability)} />
            <Line
              figure="referredByPartner"
              text={`${count(m.referredByPartner)} ${labels.referredByPartner}`}
              raw={String(m.referredByPartner)}
            />
          </>
        }
      />
    </section>
  );
}

type SortKey = 'name' | 'grossLoanPortfolio' | 'par30' | 'savingsBalance' | 'members' | 'women' | 'femaleHeaded';

interface Row {
  id: string;
  name: string;
  level: string;
  glp: string | null;
  par30: string | null;
  savings: string | null;
  members: number;
  women: number;
  femaleHeaded: number;
}

function rowsOf(portfolio: NodePortfolioFragment, currency: string): Row[] {
  return portfolio.children.map(({ node, portfolio: p }) => {
    const c = p?.currencies.find((x) => x.currency === currency);
    return {
      id: node.id,
      name: node.name,
      level: node.level,
      glp: c?.grossLoanPortfolio.value.amount ?? null,
      par30: c?.par30.ratio ?? null,
      savings: c?.savingsBalance.value.amount ?? null,
      members: p?.members.active ?? 0,
      women: p?.members.women ?? 0,
      femaleHeaded: p?.members.femaleHeadedHouseholds ?? 0,
    };
  });
}

/** Nulls last whatever the direction. */
function compareRows(a: Row, b: Row, key: SortKey, lang: Lang): number {
  const decimal = (x: string | null, y: string | null) => (x === null ? (y === null ? 0 : 1) : y === null ? -1 : compareDecimal(x, y));
  switch (key) {
    case 'name':
      return a.name.localeCompare(b.name, lang);
    case 'grossLoanPortfolio':
      return decimal(a.glp, b.glp);
    case 'par30':
      return decimal(a.par30, b.par30);
    case 'savingsBalance':
      return decimal(a.savings, b.savings);
    case 'members':
      return a.members - b.members;
    case 'women':
      return a.women - b.women;
    case 'femaleHeaded':
      return a.femaleHeaded - b.femaleHeaded;
  }
}

function Children({ portfolio, locale, labels }: { portfolio: NodePortfolioFragment; locale: Locale; labels: Labels }) {
  const currencies = portfolio.currencies.map((c) => c.currency);
  const [currency, setCurrency] = useState(currencies[0] ?? '');
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: 'grossLoanPortfolio', descending: true });
  const rows = useMemo(() => {
    const unsorted = rowsOf(portfolio, currency);
    const sign = sort.descending ? -1 : 1;
    return unsorted.sort((a, b) => {
      const order = compareRows(a, b, sort.key, locale.lang);
      const nullLast =
        (sort.key === 'grossLoanPortfolio' && (a.glp === null || b.glp === null)) ||
        (sort.key === 'par30' && (a.par30 === null || b.par30 === null)) ||
        (sort.key === 'savingsBalance' && (a.savings === null || b.savings === null));
      return (nullLast ? order : sign * order) || a.name.localeCompare(b.name, locale.lang);
    });
  }, [portfolio, currency, sort, locale.lang]);
  if (portfolio.children.length === 0)
    return (
      <section class="children">
        <h2>{labels.children}</h2>
        <p>{labels.noChildren}</p>
      </section>
    );
  const header = (key: SortKey, text: string, numeric = true) => (
    <th
      scope="col"
      class={numeric ? 'num' : undefined}
      data-sort={key}
      aria-sort={sort.key === key ? (sort.descending ? 'descending' : 'ascending') : 'none'}
    >
      <button type="button" onClick={() => setSort({ key, descending: sort.key === key ? !sort.descending : key !== 'name' })}>
        {text}
        <span class="arrow">{sort.key === key ? (sort.descending ? '▼' : '▲') : ''}</span>
      </button>
    </th>
  );
  return (
    <section class="children">
      <h2>
        {labels.children}
        {currencies.length > 1 && (
          <select aria-label={labels.currency} value={currency} onChange={(event) => setCurrency(event.currentTarget.value)}>
            {currencies.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        )}
      </h2>
      <div class="children-body">
        <div class="table-wrap">
          <table class="children-table">
            <thead>
              <tr>
                {header('name', labels.name, false)}
                {header('grossLoanPortfolio', `${labels.grossLoanPortfolio} (${currency})`)}
                {header('par30', 'PAR30')}
                {header('savingsBalance', `${labels.savings} (${currency})`)}
                {header('members', labels.members)}
                {header('women', labels.women)}
                {header('femaleHeaded', labels.femaleHeaded)}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} data-child={row.id} onClick={() => (location.hash = nodeHref(row.id))}>
                  <th scope="row">
                    <a href={nodeHref(row.id)} onClick={(event) => event.stopPropagation()}>
                      {row.name}
                    </a>
                  </th>
                  <td class="num" data-figure="grossLoanPortfolio" data-value={row.glp ?? ''}>
                    {row.glp === null ? '—' : formatAmount(row.glp, currency, locale)}
                  </td>
                  <td class="num" data-figure="par30" data-value={row.par30 ?? ''}>
                    {formatRatio(row.par30, locale)}
                  </td>
                  <td class="num" data-figure="savingsBalance" data-value={row.savings ?? ''}>
                    {row.savings === null ? '—' : formatAmount(row.savings, currency, locale)}
                  </td>
                  <td class="num" data-figure="members" data-value={row.members}>
                    {formatCount(row.members, locale)}
                  </td>
                  <td class="num" data-figure="women" data-value={row.women}>
                    {formatCount(row.women, locale)}
                  </td>
                  <td class="num" data-figure="femaleHeaded" data-value={row.femaleHeaded}>
                    {formatCount(row.femaleHeaded, locale)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <ChildrenChart rows={rows} currency={currency} locale={locale} labels={labels} />
      </div>
    </section>
  );
}

/** Plotting takes numbers: amounts become floats for bar heights only; every label is formatted from the exact string. */
const plotted = (amount: string | null): number => (amount === null ? 0 : Number(amount));

function Chart({ option, label, name }: { option: ChartOption; label: string; name: string }) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => (element.current ? draw(element.current, option) : undefined), [option]);
  return <div class="chart" ref={element} role="img" aria-label={label} data-chart={name} />;
}

function ChildrenChart({ rows, currency, locale, labels }: { rows: Row[]; currency: string; locale: Locale; labels: Labels }) {
  const option = useMemo<ChartOption>(() => {
    const rtl = locale.dir === 'rtl';
    return {
      color: PALETTE,
      textStyle: { fontFamily: 'inherit' },
      grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (params: unknown) => {
          const [first] = params as { dataIndex: number }[];
          const row = rows[first.dataIndex];
          return `${row.name}<br/>${labels.grossLoanPortfolio}: ${row.glp === null ? '—' : formatMoney(row.glp, currency, locale)}`;
        },
      },
      xAxis: {
        type: 'category',
        inverse: rtl,
        data: rows.map((r) => r.name),
        axisLabel: { interval: 0, rotate: rows.length > 4 ? 30 : 0, width: 110, overflow: 'truncate' },
      },
      yAxis: { type: 'value', position: rtl ? 'right' : 'left', axisLabel: { formatter: (v: number) => formatCompact(v, locale) } },
      series: [{ type: 'bar', name: labels.grossLoanPortfolio, data: rows.map((r) => plotted(r.glp)), barMaxWidth: 36 }],
    };
  }, [rows, currency, locale, labels]);
  return <Chart option={option} label={`${labels.grossLoanPortfolio} (${currency})`} name="children" />;
}

function Trends({ series, locale, labels }: { series: SeriesFragment | null; locale: Locale; labels: Labels }) {
  const periods = series?.periods ?? [];
  const currency = periods.at(-1)?.portfolio.currencies[0]?.currency ?? null;
  const option = useMemo<ChartOption | null>(() => {
    if (!currency) return null;
    const rtl = locale.dir === 'rtl';
    const of = (p: (typeof periods)[number]) => p.portfolio.currencies.find((c) => c.currency === currency);
    const glp = periods.map((p) => of(p)?.grossLoanPortfolio.value.amount ?? null);
    const savings = periods.map((p) => of(p)?.savingsBalance.value.amount ?? null);
    const par30 = periods.map((p) => of(p)?.par30.ratio ?? null);
    return {
      color: PALETTE,
      textStyle: { fontFamily: 'inherit' },
      legend: { top: 0 },
      grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
      tooltip: {
        trigger: 'axis',
        formatter: (params: unknown) => {
          const [first] = params as { dataIndex: number }[];
          const i = first.dataIndex;
          return [
            formatMonth(periods[i].start, locale),
            `${labels.grossLoanPortfolio}: ${glp[i] === null ? '—' : formatMoney(glp[i], currency, locale)}`,
            `${labels.savings}: ${savings[i] === null ? '—' : formatMoney(savings[i], currency, locale)}`,
            `PAR30: ${formatRatio(par30[i], locale)}`,
          ].join('<br/>');
        },
      },
      xAxis: { type: 'category', inverse: rtl, data: periods.map((p) => formatMonth(p.start, locale)) },
      yAxis: [
        { type: 'value', position: rtl ? 'right' : 'left', axisLabel: { formatter: (v: number) => formatCompact(v, locale) } },
        {
          type: 'value',
          position: rtl ? 'left' : 'right',
          splitLine: { show: false },
          axisLabel: { formatter: (v: number) => formatRatio(String(v), locale) },
        },
      ],
      series: [
        { type: 'line', name: labels.grossLoanPortfolio, data: glp.map(plotted), smooth: true },
        { type: 'line', name: labels.savings, data: savings.map(plotted), smooth: true },
        { type: 'bar', name: 'PAR30', yAxisIndex: 1, data: par30.map(plotted), barMaxWidth: 14, itemStyle: { opacity: 0.5 } },
      ],
    };
  }, [series, currency, locale, labels]);
  return (
    <section class="trends">
      <h2>
        {labels.trends}
        {currency && ` (${currency})`}
        {periods.length > 0 && (
          <span class="range">
            {' '}
            {formatMonth(periods[0].start, locale)} – {formatMonth(periods[periods.length - 1].start, locale)}
          </span>
        )}
      </h2>
      {option ? <Chart option={option} label={labels.trends} name="trends" /> : <p>{labels.noTrend}</p>}
    </section>
  );
}

/** The last `count` half-years up to `current` (YYYY-H1/H2), newest first. */
function halfYears(current: string, count: number): string[] {
  const [year, half] = current.split('-H').map(Number);
  const out: string[] = [];
  for (let i = 0, y = year, h = half; i < count; i++) {
    out.push(`${y}-H${h}`);
    if (h === 2) h = 1;
    else [y, h] = [y - 1, 2];
  }
  return out;
}

interface AtRiskProps {
  id: string;
  token: string;
  series: SeriesFragment | null;
  locale: Locale;
  labels: Labels;
  onError: (error: unknown) => void;
}

function AtRisk({ id, token, series, locale, labels, onError }: AtRiskProps) {
  const lastMonth = series?.periods.at(-1)?.label ?? null;
  const choices = lastMonth ? halfYears(halfYearOf(lastMonth), 4) : [];
  const [halfYear, setHalfYear] = useState<string | null>(choices[0] ?? null);
  const [percent, setPercent] = useState('10');
  const [report, setReport] = useState<AtRiskFragment | null | undefined>(undefined);
  const [downloading, setDownloading] = useState(false);
  const ratio = percentToRatio(percent);

  useEffect(() => {
    if (ratio === null) return;
    let live = true;
    setReport(undefined);
    request(FundsAtRiskDocument, { id, halfYear, par30Above: ratio }, token).then(
      (data) => {
        const node = data.node && 'evaluationReport' in data.node ? data.node : null;
        if (live) setReport((node?.evaluationReport as AtRiskFragment | null) ?? null);
      },
      (error: unknown) => live && onError(error),
    );
    return () => {
      live = false;
    };
  }, [id, token, halfYear, ratio]);

  return (
    <section class="at-risk">
      <h2>{labels.atRisk}</h2>
      <div class="controls">
        <label>
          {labels.threshold}{' '}
          <input
            name="par30Above"
            inputMode="decimal"
            size={5}
            value={percent}
            aria-invalid={ratio === null}
            onInput={(event) => setPercent(event.currentTarget.value)}
          />
        </label>
        {choices.length > 0 && (
          <label>
            {labels.halfYear}{' '}
            <select name="halfYear" value={halfYear ?? ''} onChange={(event) => setHalfYear(event.currentTarget.value)}>
              {choices.map((h) => (
                <option key={h} value={h}>
                  {formatHalfYear(h, locale)}
                </option>
              ))}
            </select>
          </label>
        )}
        <button
          type="button"
          class="download"
          disabled={ratio === null || downloading}
          onClick={() => {
            if (ratio === null) return;
            setDownloading(true);
            downloadEvaluationCsv(token, id, halfYear, ratio)
              .catch(onError)
              .finally(() => setDownloading(false));
          }}
        >
          {labels.downloadCsv}
        </button>
      </div>
      {report === undefined ? (
        <p class="loading">{labels.loading}</p>
      ) : report === null ? null : (
        <>
          <p class="period" data-half-year={report.period.label}>
            {formatHalfYear(report.period.label, locale)}: {formatDay(report.period.start, locale)} – {formatDay(report.period.end, locale)}
          </p>
          {report.fundsAtRisk.length === 0 ? (
            <p class="none">{labels.noneAtRisk}</p>
          ) : (
            <ol class="funds-at-risk">
              {report.fundsAtRisk.map((f) => (
                <li key={`${f.id}-${f.currency}`} data-fund={f.id} data-value={f.par30}>
                  <a href={nodeHref(f.id)}>{f.name}</a> <span class="par">{formatRatio(f.par30, locale)}</span>
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </section>
  );
}
