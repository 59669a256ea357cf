import { Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { StaffPage } from '../auth/staff-session.js';
import { AppException } from '../common/errors/app.exception.js';
import { PaginationQuery } from '../common/pagination/pagination.dto.js';
import { catalogs } from '../i18n/catalogs.js';
import type { Locale } from '../i18n/locale.js';
import { many, validateForm, type FormError } from '../pages/page-form.js';
import { ROLES } from '../users/role.js';
import type { PublicUser } from '../users/user.entity.js';
import { CreateUserDto, UpdateUserDto } from '../users/users.dto.js';
import { UsersService } from '../users/users.service.js';
import { StaffPageExceptionFilter } from './staff-exception.filter.js';
import { pageQuery, pager } from './staff-pagination.js';
import { StaffRenderService, type StaffRequest } from './staff-render.service.js';
import { UuidOr404 } from './uuid-or-404.js';

const PAGE_SIZE = 25;
const CREATE_ORDER = ['name', 'email', 'roles', 'password'];
const EDIT_ORDER = ['name', 'roles', 'active', 'password'];

interface UserValues {
  name?: string;
  email?: string;
  roles: string[];
  active?: string;
}

const text = (body: Record<string, unknown>, name: string) => (typeof body[name] === 'string' ? body[name] : '');

/**
 * The admin's users (`UsersService`, as `/api/v1/users`): who has which roles and is active,
 * a new user with a first password the admin chooses (the API generates none), roles changed,
 * deactivated or reactivated. A role change or deactivation ends the user's sessions (the
 * service bumps `token_version`; sessions count only with the version they were opened with).
 */
@ApiExcludeController()
@StaffPage('admin')
@UseFilters(StaffPageExceptionFilter)
@Controller('staff/users')
export class StaffUsersController {
  constructor(
    private readonly staff: StaffRenderService,
    private readonly users: UsersService,
  ) {}

  @Get()
  async list(@Req() request: StaffRequest, @Res() reply: FastifyReply) {
    await this.showList(request, reply, { roles: [] }, [], 200);
  }

  @Post()
  async create(@Req() request: StaffRequest, @Res() reply: FastifyReply) {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const locale = this.staff.locale(request, reply);
    const values: UserValues = { name: text(body, 'name'), email: text(body, 'email'), roles: many(body.roles) };
    const result = await validateForm(CreateUserDto, { ...values, password: text(body, 'password') }, locale, { roles: `f-roles-${ROLES[0]}` });
    if (!result.ok) return this.showList(request, reply, values, this.localized(result.errors, CREATE_ORDER, locale), 400);
    try {
      await this.users.create(result.dto, request.staffSession.actor);
      this.staff.redirect(reply, '/staff/users', 'userCreated');
    } catch (error) {
      if (!(error instanceof AppException) || error.code !== 'user_email_taken') throw error;
      await this.showList(request, reply, values, [{ field: 'email', href: '#f-email', message: t(locale, 'errors.emailTaken') }], 409);
    }
  }

  @Get(':id')
  async user(@Param('id', UuidOr404) id: string, @Req() request: StaffRequest, @Res() reply: FastifyReply) {
    const user = await this.users.get(id);
    await this.showUser(request, reply, user, { name: user.name, roles: user.roles, active: user.active ? 'yes' : 'no' }, [], 200);
  }

  @Post(':id')
  async update(@Param('id', UuidOr404) id: string, @Req() request: StaffRequest, @Res() reply: FastifyReply) {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const locale = this.staff.locale(request, reply);
    const values: UserValues = { name: text(body, 'name'), roles: many(body.roles), active: text(body, 'active') };
    const password = text(body, 'password');
    // The form always sends the whole state: name, the ticked roles, active or not; a password only when typed.
    const plain = {
      name: values.name,
      roles: values.roles,
      active: values.active === 'yes' ? true : values.active === 'no' ? false : values.active,
      ...(password ? { password } : {}),
    };
    const result = await validateForm(UpdateUserDto, plain, locale, { roles: `f-roles-${ROLES[0]}`, active: 'f-active-yes' });
    if (!result.ok) return this.showUser(request, reply, await this.users.get(id), values, this.localized(result.errors, EDIT_ORDER, locale), 400);
    try {
      await this.users.update(id, result.dto, request.staffSession.actor);
      this.staff.redirect(reply, '/staff/users', 'userSaved');
    } catch (error) {
      if (!(error instanceof AppException) || error.code !== 'user_last_admin') throw error;
      // The last-admin guard: the same refusal as the API's 409, on the form with what was chosen.
      await this.showUser(request, reply, await this.users.get(id), values, [{ field: 'roles', href: `#f-roles-${ROLES[0]}`, message: t(locale, 'errors.lastAdmin') }], 409);
    }
  }

  /** One message per field in the page's words (the DTO decides what is wrong, the catalog says it). */
  private localized(errors: FormError[], order: string[], locale: Locale): FormError[] {
    return errors
      .map((e) => ({ ...e, message: catalogs().has('en', `staff-admin:users.errors.${e.field}`) ? t(locale, `errors.${e.field}`) : e.message }))
      .sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field));
  }

  private async showList(request: StaffRequest, reply: FastifyReply, values: UserValues, errors: FormError[], status: number) {
    const page = await this.users.list(pageQuery(request.query, PAGE_SIZE, new PaginationQuery()));
    await this.staff.render(
      request,
      reply,
      'staff/users',
      {
        users: page.items,
        pager: pager(page, '/staff/users'),
        values,
        roles: roleItems(values.roles, this.staff.locale(request, reply)),
        errorFor: Object.fromEntries(errors.map((e) => [e.field, e.message])),
      },
      { title: 'staff-admin:users.title', nav: 'users', errors, status },
    );
  }

  private async showUser(request: StaffRequest, reply: FastifyReply, user: PublicUser, values: UserValues, errors: FormError[], status: number) {
    await this.staff.render(
      request,
      reply,
      'staff/user',
      {
        user,
        values,
        roles: roleItems(values.roles, this.staff.locale(request, reply)),
        activeItems: [
          { id: 'f-active-yes', value: 'yes', label: t(this.staff.locale(request, reply), 'active'), checked: values.active === 'yes' },
          { id: 'f-active-no', value: 'no', label: t(this.staff.locale(request, reply), 'inactive'), checked: values.active === 'no' },
        ],
        self: user.id === request.staffSession.actor.id,
        errorFor: Object.fromEntries(errors.map((e) => [e.field, e.message])),
      },
      { title: 'staff-admin:user.title', titleVars: { name: user.name }, nav: 'users', errors, status },
    );
  }
}

function t(locale: Locale, key: string, vars?: Record<string, unknown>) {
  return catalogs().t(locale, `staff-admin:users.${key}`, vars);
}

function roleItems(chosen: string[], loc: Locale) {
  return ROLES.map((role) => ({ id: `f-roles-${role}`, value: role, label: catalogs().t(loc, `staff-admin:roles.${role}`), checked: chosen.includes(role) }));
}
