import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FundTransfersService } from '../funds/fund-transfers.service.js';
import { SYSTEM_ACTOR } from '../users/role.js';

type Call = (method: 'POST' | 'PUT', url: string, payload: unknown, headers?: Record<string, string>) => Promise<{ id: string } & Record<string, unknown>>;
type MonthDay = (monthsAgo: number, day: number) => string;

/**
 * Where the money goes (SPEC §7, §10): the four roles, the RSoC 2026 season with two students,
 * six months of payments to the build engineer, hosting bills, and a board transfer topping
 * up RSoC, so funds and runway show a living organisation. The kernel developer role is being
 * hired for: it has a public posting and one application (without a CV). Through the API as the admin,
 * except the transfer, which is the board's decision (no board user exists on first start).
 */
export async function seedRolesDemo(app: NestFastifyApplication, call: Call, month: MonthDay): Promise<{ donations: number; roles: number; payments: number; expenses: number }> {
  const idem = () => ({ 'idempotency-key': randomUUID() });
  await call('POST', '/api/v1/rates', { date: month(1, 1), from: 'USD', to: 'EUR', rate: '0.93' });

  // A foundation's one large gift (the runway's median does not let it inflate monthly income)
  // and a company sponsoring the summer of code.
  const foundation = await call('POST', '/api/v1/sponsors', { name: 'Open Systems Foundation', email: 'grants@opensystems.example', kind: 'organization', locale: 'en' });
  await call(
    'POST',
    '/api/v1/donations',
    { channel: 'bank', amount: 1_500_000, currency: 'USD', receivedAt: month(4, 8), sponsorId: foundation.id, fund: 'general', reference: 'Gift 2026' },
    idem(),
  );
  await call(
    'POST',
    '/api/v1/donations',
    { channel: 'bank', amount: 800_000, currency: 'USD', receivedAt: month(3, 10), sponsorId: foundation.id, fund: 'rsoc', reference: 'RSoC 2026 sponsorship' },
    idem(),
  );

  const support = await call('POST', '/api/v1/roles', {
    title: 'Community support, research and documentation',
    kind: 'staff',
    fund: 'general',
    currency: 'EUR',
    monthlyCost: 80_000,
    startsOn: month(0, 1),
    status: 'active',
    holder: { name: 'Ribbon Hu', email: 'ribbon@example.org' },
    public: true,
    publicDescription: 'Answers questions in the chat and forum, keeps the book up to date, researches hardware support.',
  });
  const build = await call('POST', '/api/v1/roles', {
    title: 'Build engineer (part-time)',
    kind: 'contractor',
    fund: 'general',
    currency: 'USD',
    monthlyCost: 100_000,
    startsOn: month(6, 1),
    status: 'active',
    holder: { name: 'Wren Okafor', email: 'wren@example.org' },
    public: true,
    publicDescription: 'Keeps the build server, CI and package repositories running.',
  });
  const kernel = await call('POST', '/api/v1/roles', {
    title: 'Kernel / core developer',
    kind: 'staff',
    fund: 'general',
    currency: 'EUR',
    monthlyCost: 350_000,
    startsOn: month(-3, 1),
    status: 'hiring',
    public: true,
    publicDescription: 'Full-time work on the microkernel, drivers and relibc. Remote, from spring.',
    posting: {
      description: [
        '## The work',
        '',
        'Redox is a Unix-like operating system written in Rust, built around a **microkernel**. You would work full time on:',
        '',
        '- the kernel: scheduling, memory management, signals and IPC;',
        '- drivers in user space, and the `relibc` C library;',
        '- reviewing contributions and mentoring summer-of-code students.',
        '',
        '## You',
        '',
        'You have written systems code in Rust or C, read kernel code for fun, and like working in the open. Remote, from spring; paid from donations.',
      ].join('\n'),
      whatToSend: 'A CV as a PDF, links to code you wrote (merge requests, repositories), and a few sentences on what you would work on first.',
      deadline: month(-2, 28),
    },
  });
  // One application, without a CV (a demo has no documents to show); the board sees it at GET /api/v1/role-applications.
  await call('POST', `/api/v1/roles/${kernel.id}/applications`, {
    name: 'Sam Rivera',
    email: 'sam.rivera@example.org',
    message: 'I maintain a hobby x86_64 kernel in Rust and have sent patches to relibc. I would start with the signal delivery work.',
    links: ['https://gitlab.redox-os.org/example-sam'],
  });
  const season = await call('POST', '/api/v1/seasons', {
    name: 'RSoC 2026',
    fund: 'rsoc',
    budget: { amount: 1_000_000, currency: 'USD' },
    startsOn: month(2, 1),
    endsOn: `${month(-1, 1).slice(0, 7)}-28`,
  });
  await call('POST', `/api/v1/seasons/${season.id}/status`, { status: 'open' });
  await call('POST', `/api/v1/seasons/${season.id}/status`, { status: 'running' });
  const students = [
    await call('POST', '/api/v1/roles', {
      title: 'RSoC 2026: virtio-gpu driver',
      kind: 'stipend',
      seasonId: season.id,
      fund: 'rsoc',
      currency: 'USD',
      totalStipend: 500_000,
      startsOn: month(2, 1),
      endsOn: `${month(-1, 1).slice(0, 7)}-28`,
      status: 'active',
      holder: { name: 'Mina Park', email: 'mina@example.org' },
      public: true,
    }),
    await call('POST', '/api/v1/roles', {
      title: 'RSoC 2026: RedoxFS fsck',
      kind: 'stipend',
      seasonId: season.id,
      fund: 'rsoc',
      currency: 'USD',
      totalStipend: 400_000,
      startsOn: month(2, 1),
      endsOn: `${month(-1, 1).slice(0, 7)}-28`,
      status: 'active',
      holder: { name: 'Tomás Ruiz', email: 'tomas@example.org' },
      public: true,
    }),
  ];

  let payments = 0;
  for (let i = 6; i >= 1; i--) {
    await call(
      'POST',
      `/api/v1/roles/${build.id}/payments`,
      { amount: { amount: 100_000, currency: 'USD' }, paidOn: month(i, 28), reference: `Invoice ${month(i, 28).slice(0, 7)}` },
      idem(),
    );
    payments++;
  }
  // The students' instalments due so far (two of four).
  for (const student of students) {
    for (const instalment of (student.schedule as { dueOn: string; amount: number }[]).filter((s) => s.dueOn <= month(1, 28))) {
      await call(
        'POST',
        `/api/v1/roles/${student.id}/payments`,
        { amount: { amount: instalment.amount, currency: 'USD' }, paidOn: instalment.dueOn, reference: 'Stipend instalment' },
        idem(),
      );
      payments++;
    }
  }
  let expenses = 0;
  for (let i = 6; i >= 1; i--) {
    await call(
      'POST',
      '/api/v1/expenses',
      {
        category: 'hosting',
        payee: 'Hetzner Online GmbH',
        fund: 'general',
        amount: { amount: 8_990, currency: 'EUR' },
        spentOn: month(i, 3),
        reference: `Invoice R${month(i, 3).replace(/-/g, '')}`,
        receiptUrl: 'https://accounts.hetzner.example/invoices',
      },
      idem(),
    );
    expenses++;
  }
  await call(
    'POST',
    '/api/v1/expenses',
    { category: 'ci', payee: 'GitLab runner hosting', fund: 'general', amount: { amount: 12_000, currency: 'EUR' }, spentOn: month(2, 15), reference: 'CI minutes' },
    idem(),
  );
  expenses++;
  await app.get(FundTransfersService).create(
    {
      from: 'general',
      to: 'rsoc',
      amount: { amount: 100_000, currency: 'USD' },
      transferredOn: month(1, 20),
      reason: 'Board decision: top up RSoC 2026 so both stipends are covered',
    },
    SYSTEM_ACTOR,
  );
  return { donations: 2, roles: 5, payments, expenses };
}
